"""No input from the public makes the site answer 5xx (run on SQLite and on PostgreSQL).

Table-driven over every public URL pattern (found by walking the URLconf, so a new page
is fuzzed without anyone adding it here): each path parameter, each query parameter a
page reads or links to, and each field of each form a visitor can submit is given
hostile values (NUL bytes, invalid UTF-8, overlong text, impossible dates and zones,
huge numbers, markup). Then a property-based pass sends arbitrary text to the search and
the booking form. A 4xx with a page is a fine answer; a 5xx is a failure, listed with the
request that caused it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article, Author, Hub, Pillar
from leads.availability import current_free_slots
from leads.links import manage_url
from leads.models import Booking
from references.models import Citation

pytestmark = pytest.mark.django_db

# Values as a person or a script might send them (percent-encoded when they go in a URL).
HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x0b\x01\x1b",
    "\ufeff\u202e\u200b",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🧠",
    "a" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "2026-12-03T24:00Z",
    "2026-02-30T10:00Z",
    "0000-00-00T00:00Z",
    "9999-12-31T23:59:59+14:00",
    "2026-13-45T99:99+99:99",
    "1970-01-01T00:00Z",
    "-1",
    "0",
    "99999999999999999999999999999",
    "1e309",
    "NaN",
    "Mars/Olympus_Mons",
    "Europe/London\x00",
    "+25:00",
]
# Exactly as they arrive on the wire: invalid UTF-8 and broken escapes.
WIRE = ["%ff%fe", "%c3%28", "%ed%a0%80", "%00", "%", "%zz", "%e2%82"]
# Query parameters worth trying on every page, beyond those the page itself uses.
COMMON_QUERY = ["page", "p", "q", "slot", "tz", "from", "ref", "weeks", "utm_source", "gclid"]
SKIPPED_PREFIXES = ("admin/", "static/")


def encoded(value: str) -> str:
    return quote(value, safe="")


def hostile_in_url() -> list[str]:
    return [encoded(value) for value in HOSTILE] + WIRE


# For query parameters (many per page) a sample of each kind of trouble keeps the run short.
HOSTILE_QUERY = [
    encoded(value) for value in HOSTILE[2:5] + HOSTILE[7:8] + HOSTILE[11:14] + HOSTILE[17:22]
] + WIRE[:3]


class _Page(HTMLParser):
    """Forms (action, method, fields) and the query parameter names of links on a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.query_names: set[str] = set()
        self._form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "a" and "?" in a.get("href", ""):
            self.query_names.update(
                name for name, _ in parse_qsl(urlsplit(a["href"]).query, keep_blank_values=True)
            )
        if tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "method": a.get("method", "get").lower(),
                "fields": {},
            }
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            return
        fields = self._form["fields"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a or a["name"] not in fields:
                    fields[a["name"]] = a.get("value", "on")
                return
            fields[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            fields[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            fields.setdefault(a["name"], "")
        elif tag == "option" and self._select and (not fields[self._select] or "selected" in a):
            fields[self._select] = a.get("value", "")

    def handle_data(self, data) -> None:
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def read_page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def public_routes(patterns=None, prefix: str = "") -> Iterator[str]:
    """Every route of the URLconf outside the admin, e.g. ``pillars/<slug:slug>/feed/``."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from public_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


class Fuzzer:
    def __init__(self) -> None:
        self.client = Client(raise_request_exception=False)
        self.failures: list[str] = []
        self.requests = 0

    def check(self, response, description: str) -> None:
        self.requests += 1
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {description}")

    def get(self, path: str) -> str:
        response = self.client.get(path)
        self.check(response, f"GET {path[:300]}")
        return response.content.decode(errors="replace") if response.status_code == 200 else ""

    def post(self, path: str, data: dict, note: str) -> None:
        response = self.client.post(path, data)
        self.check(response, f"POST {path} {note[:300]}")

    def post_raw(self, path: str, body: bytes) -> None:
        response = self.client.generic("POST", path, body, content_type="application/x-www-form-urlencoded")
        self.check(response, f"POST {path} raw body {body[:120]!r}")

    def report(self) -> str:
        shown = "\n".join(self.failures[:25])
        return f"{len(self.failures)} of {self.requests} requests answered 5xx:\n{shown}"


@pytest.fixture
def site(settings) -> dict[str, list[str]]:
    """The demo site, one booking, and the real value of every path parameter."""
    settings.LEADS_RATE_LIMIT = 100_000
    settings.LEADS_MIN_SUBMIT_SECONDS = 0
    call_command("load_demo", verbosity=0)
    booker = Client()
    slot = current_free_slots()[0].key
    page = read_page(booker.get(f"/strategy-call/?slot={slot}").content.decode())
    form = next(form for form in page.forms if form["method"] == "post")
    data = {
        **form["fields"],
        "slot": slot,
        "name": "Fuzz Tester",
        "email": "fuzz@example.org",
        "consent": "on",
        "website": "",
    }
    thanks = booker.post("/strategy-call/", data)
    assert thanks.status_code == 302, thanks.status_code
    booking = Booking.objects.order_by("-pk").first()
    assert booking is not None
    thanks_token = thanks["Location"].rstrip("/").split("/")[-1]
    slugs = [
        model.objects.order_by("pk").values_list("slug", flat=True).first()
        for model in (Pillar, Hub, Article, Author)
    ]
    return {
        "slug": [*slugs, "section-that-does-not-exist", "articles", "pages"],
        "key": [Citation.objects.order_by("pk").values_list("key", flat=True).first()],
        "token": [
            thanks_token,
            manage_url(booking, "cancel", absolute=False).rstrip("/").split("/")[-1],
            manage_url(booking, "reschedule", absolute=False).rstrip("/").split("/")[-1],
        ],
        "action": ["cancel", "reschedule"],
        "kind": ["article", "hub"],
        "ext": ["bib", "ris", "json"],
        "section": ["articles", "pages", "hubs"],
        "path": ["nothing-here.png"],
        "slot_value": [current_free_slots()[0].key],  # still free: its page shows the form
    }


def fill(route: str, values: dict[str, str]) -> str:
    return "/" + PARAMETER.sub(lambda match: values[match.group(2)], route)


def real_paths(route: str, site: dict[str, list[str]]) -> list[str]:
    """The route with real values (each parameter's first value; every value of the first one)."""
    names = [match.group(2) for match in PARAMETER.finditer(route)]
    missing = [name for name in names if name not in site]
    assert not missing, f"the fuzz test does not know real values for {missing} in {route!r}: add them"
    if not names:
        return [fill(route, {})]
    first = names[0]
    return [fill(route, {name: site[name][0] for name in names} | {first: value}) for value in site[first]]


def test_every_path_parameter_and_query_parameter(site):
    fuzzer = Fuzzer()
    routes = list(public_routes())
    assert len(routes) >= 15, routes
    for route in routes:
        names = [match.group(2) for match in PARAMETER.finditer(route)]
        for name in names:
            for value in hostile_in_url():
                real = {other: site[other][0] for other in names}
                fuzzer.get(fill(route, real | {name: value}))
        paths = real_paths(route, site)
        for path in paths[1:]:
            fuzzer.get(path)
        for path in paths[:1]:  # the query parameters on one real page of each kind
            html = fuzzer.get(path)
            page = read_page(html)
            own_names = set(page.query_names)
            for form in page.forms:
                if form["method"] == "get":
                    own_names |= set(form["fields"])
            # What the page itself reads or links to gets every kind of trouble; the common
            # names it does not use get a sample (they are read by other pages, fuzzed there).
            for query_name in sorted(own_names | set(COMMON_QUERY)):
                values = HOSTILE_QUERY if query_name in own_names else HOSTILE_QUERY[:2] + WIRE[:1]
                for value in values:
                    fuzzer.get(f"{path}?{query_name}={value}")
    assert not fuzzer.failures, fuzzer.report()


def form_pages(site) -> list[str]:
    slot = site["slot_value"][0]
    cancel, reschedule = site["token"][1:]
    return [
        "/strategy-call/",
        f"/strategy-call/?slot={slot}",
        "/admin/login/",
        f"/strategy-call/manage/reschedule/{reschedule}/",
        f"/strategy-call/manage/reschedule/{reschedule}/?slot={slot}",
        f"/strategy-call/manage/cancel/{cancel}/",  # last: a successful cancel ends the booking
    ]


def test_every_field_of_every_public_form(site):
    fuzzer = Fuzzer()
    forms = []
    for page_path in form_pages(site):  # read every form before any submission changes the booking
        page = read_page(fuzzer.get(page_path))
        forms += [(page_path, form) for form in page.forms if form["method"] == "post"]
    assert len(forms) >= 4, f"only {len(forms)} public forms found: did a page stop showing its form?"
    for page_path, form in forms:
        action = form["action"] or urlsplit(page_path).path
        fields = form["fields"]
        for name in sorted(set(fields) | {"slot", "tz", "website", "started", "a"}):
            for value in HOSTILE:
                fuzzer.post(action, {**fields, name: value}, f"{name}={value!r}")
        # A bot: the honeypot filled in and an impossible slot, together.
        for slot in ["2026-12-03T24:00Z", "2026-02-30T10:00Z", "nonsense", "\x00"]:
            fuzzer.post(
                action, {**fields, "website": "http://spam.example", "slot": slot}, f"bot slot={slot!r}"
            )
        fuzzer.post_raw(action, b"name=\xff\xfe&email=\xc3\x28&slot=%ed%a0%80&consent=on")
        fuzzer.post_raw(action, b"%%%=&&==" + b"x" * 3000)
    # After the bot's attempts, the pages a visitor is sent to still answer.
    for path in ["/strategy-call/", f"/strategy-call/thanks/{site['token'][0]}/"]:
        fuzzer.get(path)
    assert not fuzzer.failures, fuzzer.report()


printable_or_not = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=printable_or_not)
def test_search_never_fails_on_any_text(site, query):
    response = Client(raise_request_exception=False).get("/search/", {"q": query})
    assert response.status_code < 500, repr(query)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=printable_or_not, message=printable_or_not, tz=printable_or_not, slot=printable_or_not)
def test_booking_form_never_fails_on_any_text(site, name, message, tz, slot):
    client = Client(raise_request_exception=False)
    page = read_page(client.get(f"/strategy-call/?slot={site['slot_value'][0]}").content.decode())
    fields = next(form for form in page.forms if form["method"] == "post")["fields"]
    data = {**fields, "name": name, "message": message, "tz": tz, "slot": slot, "email": "a@example.org"}
    response = client.post("/strategy-call/", data)
    assert response.status_code < 500, (name, message, tz, slot)
