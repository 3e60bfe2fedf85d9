"""Submit admin change forms the way a browser would: every field as the page shows it."""

from __future__ import annotations

from html.parser import HTMLParser

from django.test import Client


class _FormFields(HTMLParser):
    """The values a browser would submit for the first ``<form>`` holding ``csrfmiddlewaretoken``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._select_values: list[str] = []
        self._first_option: str | None = None
        self._multiple = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_values, self._first_option = name, [], None
            self._multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._select_values.append(value)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            values = self._select_values
            if not values and not self._multiple and self._first_option is not None:
                values = [self._first_option]
            self.fields.extend((self._select, value) for value in values)
            self._select = None


def form_data(html: str) -> dict[str, list[str]]:
    parser = _FormFields()
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data


def submit_change_form(client: Client, url: str, changes: dict[str, str]) -> None:
    """Open an admin change form, apply ``changes``, save, and check the admin accepted it."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = form_data(page.content.decode())
    for name, value in changes.items():
        data[name] = [value]
    data.pop("_saveasnew", None)
    data.pop("_addanother", None)
    data.pop("_continue", None)
    data["_save"] = ["Save"]
    response = client.post(url, data)
    if response.status_code != 302:
        errors = response.context["adminform"].form.errors if response.context else ""
        raise AssertionError(f"admin refused the change: {errors}")
