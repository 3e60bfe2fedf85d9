"""Admin forms: citations with authors one per line, and the import box."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from .models import Citation
from .names import Name, split_dropping_particle

NAMES_HELP = (
    "One per line, in order. A person: “Family, Given names” (e.g. “Coan, James A.”); "
    "an organisation: its name with no comma (e.g. “World Health Organization”). "
    "A suffix goes last: “Roediger, Henry L., III”. A particle printed before the family name "
    "belongs to it (“van Gogh, Vincent”, “de la Cruz, Juana”); one printed after the initials "
    "follows the given names (“Beethoven, Ludwig van” is shown as Beethoven, L. van). "
    "A creator who is not the author keeps the role in parentheses: “Nolan, Christopher (Director)”."
)
# Only the roles APA names (a parenthesis like "(WHO)" stays part of an organisation's name).
_ROLE = re.compile(
    r"\s*\((?P<role>(?:Executive |Series )?(?:Director|Host|Guest|Producer|Creator|Writer|Narrator))\)$"
)


def names_to_lines(names: list[Name]) -> str:
    lines = []
    for name in names or []:
        if "literal" in name:
            line = name["literal"]
        else:
            given = " ".join(x for x in (name.get("given", ""), name.get("particle", "")) if x)
            line = f"{name['family']}, {given}" if given else f"{name['family']},"
            if name.get("suffix"):
                line += f", {name['suffix']}"
        if name.get("role"):
            line += f" ({name['role']})"
        lines.append(line)
    return "\n".join(lines)


def lines_to_names(text: str) -> list[Name]:
    names: list[Name] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        role = _ROLE.search(line)
        if role:
            line = line[: role.start()].strip()
        if "," in line:
            family, _, given = line.partition(",")
            given, _, suffix = given.partition(",")
            name: Name = {"family": family.strip()}
            given, particle = split_dropping_particle(given.strip())
            if given:
                name["given"] = given
            if particle:
                name["particle"] = particle
            if suffix.strip():
                name["suffix"] = suffix.strip()
        else:
            name = {"literal": line}
        if role:
            name["role"] = role.group("role").strip()
        names.append(name)
    return names


class CitationForm(forms.ModelForm):
    """Authors and editors as lines of text; DOI normalised with a clear message."""

    authors_text = forms.CharField(
        label="Authors", required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=NAMES_HELP
    )
    editors_text = forms.CharField(
        label="Editors", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=NAMES_HELP
    )
    translators_text = forms.CharField(
        label="Translators", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=NAMES_HELP
    )
    reviewed_authors_text = forms.CharField(
        label="Authors of the work reviewed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For a review. " + NAMES_HELP,
    )

    class Meta:
        model = Citation
        fields = [
            "key", "type", "year", "original_year", "status", "month", "day", "title", "reviewed_title",
            "container_title", "volume", "issue", "pages", "edition", "version", "number", "genre", "collection_title", "collection_number", "publisher",
            "archive", "archive_location", "event_title", "event_place", "doi", "unverified_doi", "url",
            "accessed",
        ]  # fmt: skip
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "container_title": forms.TextInput(attrs={"size": 80}),
            "publisher": forms.TextInput(attrs={"size": 60}),
            "url": forms.URLInput(attrs={"size": 80}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault("authors_text", names_to_lines(self.instance.authors))
            self.initial.setdefault("editors_text", names_to_lines(self.instance.editors))
            self.initial.setdefault("translators_text", names_to_lines(self.instance.translators))
            self.initial.setdefault("reviewed_authors_text", names_to_lines(self.instance.reviewed_authors))

    def clean(self) -> dict:
        data = super().clean()
        self.instance.authors = lines_to_names(data.get("authors_text", ""))
        self.instance.editors = lines_to_names(data.get("editors_text", ""))
        self.instance.translators = lines_to_names(data.get("translators_text", ""))
        self.instance.reviewed_authors = lines_to_names(data.get("reviewed_authors_text", ""))
        return data


class ImportForm(forms.Form):
    """Paste reference strings and/or upload a file."""

    text = forms.CharField(
        label="Reference strings",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100}),
        help_text="APA-style references, one per line or separated by blank lines. BibTeX, RIS or CSL-JSON can be pasted too.",
    )
    file = forms.FileField(
        required=False,
        help_text="A .bib, .ris, .json (CSL-JSON) or .txt file (UTF-8), up to 2 MB.",
    )

    MAX_BYTES = 2_000_000

    def clean(self) -> dict:
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > self.MAX_BYTES:
                raise ValidationError("The file is larger than 2 MB; split it into smaller files.")
            try:
                data["file_text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise ValidationError(
                    "The file is not UTF-8 text; save it as UTF-8 and try again."
                ) from error
        if not (data.get("text") or "").strip() and not data.get("file_text", "").strip():
            raise ValidationError("Paste some references or choose a file.")
        return data


class DOILookupForm(forms.Form):
    doi = forms.CharField(
        label="DOI", max_length=300, help_text="e.g. 10.1111/j.1467-9280.2006.01832.x or https://doi.org/…"
    )
