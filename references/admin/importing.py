"""Importing references in the admin: paste APA strings or upload a file, review what was
found (unsure fields marked, duplicates spotted), then save the chosen ones all or nothing.

The review is carried to the confirming request signed, so nothing is stored in between.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..apa import format_reference_html
from ..api import import_references
from ..forms import ImportForm, names_to_lines
from ..models import Citation, CitationType
from ..parsing import ParsedReference, ParseError, parse_file
from ..parsing.apa_text import parse_many

if TYPE_CHECKING:
    from .citations import CitationAdmin

IMPORT_SALT = "references.import"


def import_view(model_admin: CitationAdmin, request: HttpRequest) -> HttpResponse:
    """Step 1: paste or upload; step 2: review what was found; step 3: save all or nothing."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        return _import_confirm(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    items: list[dict] = []
    if request.method == "POST" and form.is_valid():
        try:
            parsed = _parse_input(form.cleaned_data)
        except ParseError as error:
            form.add_error(None, str(error))
        else:
            if not parsed:
                form.add_error(None, "No references were found in the input.")
            items = [_review_item(p) for p in parsed]
    context = model_admin.page_context(
        request,
        "Import references",
        form=form,
        items=items,
        payload=signing.dumps([i["csl"] | {"_uncertain": i["uncertain"]} for i in items], salt=IMPORT_SALT)
        if items
        else "",
    )
    return TemplateResponse(request, "admin/references/citation/import.html", context)


def _import_confirm(request: HttpRequest) -> HttpResponse:
    try:
        payload = signing.loads(request.POST.get("payload", ""), salt=IMPORT_SALT, max_age=3600)
    except signing.BadSignature:
        messages.error(request, "The review expired or was changed; paste the references again.")
        return HttpResponseRedirect(reverse("admin:references_citation_import"))
    chosen = {int(i) for i in request.POST.getlist("include") if i.isdigit()}
    batch = []
    for index, item in enumerate(payload):
        if index in chosen:
            uncertain = item.pop("_uncertain", [])
            batch.append(ParsedReference(csl=item, uncertain=uncertain))
    if not batch:
        messages.warning(request, "Nothing was selected, so nothing was imported.")
        return HttpResponseRedirect(reverse("admin:references_citation_import"))
    try:
        results = import_references(batch)
    except ValidationError as error:
        messages.error(request, f"Nothing was imported. {' '.join(error.messages)}")
        return HttpResponseRedirect(reverse("admin:references_citation_import"))
    created = sum(1 for _, new in results if new)
    existing = len(results) - created
    messages.success(
        request,
        f"Imported {created} new reference(s); {existing} were already in the library (same DOI or key).",
    )
    return HttpResponseRedirect(reverse("admin:references_citation_changelist"))


def _parse_input(data: dict) -> list[ParsedReference]:
    parsed: list[ParsedReference] = []
    text = (data.get("text") or "").strip()
    if text:
        parsed += (
            parse_file("pasted.txt", text) if text.startswith(("@", "TY  -", "[", "{")) else parse_many(text)
        )
    if data.get("file") is not None:
        parsed += parse_file(data["file"].name, data.get("file_text", ""))
    return parsed


def _review_item(parsed: ParsedReference) -> dict:
    fields = parsed.fields
    status = "new"
    if fields.get("doi"):
        match = Citation.objects.filter(doi__iexact=fields["doi"]).first()
        if match:
            status = f"already in the library as “{match.key}” (same DOI)"
    if status == "new" and fields.get("key") and Citation.objects.filter(key=fields["key"]).exists():
        status = f"already in the library as “{fields['key']}” (same key)"
    rows = [
        ("Type", dict(CitationType.choices).get(fields["type"], fields["type"]), "type"),
        ("Authors", "; ".join(names_to_lines(fields["authors"]).splitlines()) or "—", "authors"),
        ("Editors", "; ".join(names_to_lines(fields["editors"]).splitlines()) or "—", "editors"),
        ("Year", fields.get("year") or "—", "year"),
        ("Title", fields.get("title") or "—", "title"),
        ("Journal, book or site", fields.get("container_title") or "—", "container_title"),
        (
            "Volume (issue), pages",
            " ".join(
                x
                for x in (
                    fields.get("volume"),
                    f"({fields['issue']})" if fields.get("issue") else "",
                    fields.get("pages"),
                )
                if x
            )
            or "—",
            "volume",
        ),
        ("Publisher", fields.get("publisher") or "—", "publisher"),
        ("DOI", fields.get("doi") or fields.get("unverified_doi") or "—", "doi"),
        ("URL", fields.get("url") or "—", "url"),
    ]
    return {
        "csl": parsed.csl,
        "uncertain": list(parsed.uncertain),
        "notes": parsed.notes,
        "source": parsed.source,
        "status": status,
        "selected": status == "new" and "reference" not in parsed.uncertain,
        "preview": mark_safe(  # noqa: S308 - built from escaped parts
            format_reference_html(Citation(**fields))
        ),
        "rows": [(label, value, name in parsed.uncertain) for label, value, name in rows],
        "json": json.dumps(parsed.csl, ensure_ascii=False, indent=1, default=str),
    }
