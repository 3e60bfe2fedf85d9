"""Citations in the admin: search, "needs attention", import with review, export, DOI lookup;
and the further-reading inlines that ``articles.admin`` adds to articles and hubs."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from . import api
from .apa import format_reference_html, reference_order, sort_references
from .crossref import DOILookupError, lookup_doi
from .exporters import CONTENT_TYPES, FORMATS, export
from .forms import CitationForm, DOILookupForm, ImportForm, names_to_lines
from .models import Citation, CitationType, PageCitation
from .parsing import ParsedReference, ParseError, parse_file
from .parsing.apa_text import parse_many

IMPORT_SALT = "references.import"


class NeedsAttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("any", "Any problem"),
            ("no_link", "No DOI or URL"),
            ("bad_doi", "Malformed DOI"),
            ("no_year", "Missing year"),
            ("no_container", "Missing journal or book"),
            ("uncertain", "Unsure import"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.needing_attention()
        if value == "no_link":
            return queryset.filter(doi="", url="")
        if value == "bad_doi":
            return queryset.exclude(unverified_doi="")
        if value == "no_year":
            return queryset.filter(year__isnull=True)
        if value == "no_container":
            return queryset.filter(
                type__in=[CitationType.JOURNAL_ARTICLE, CitationType.CHAPTER], container_title=""
            )
        if value == "uncertain":
            return queryset.exclude(uncertain_fields=[])
        return queryset


@admin.action(description="Export selected as BibTeX")
def export_bibtex(modeladmin, request, queryset):
    return _download(queryset, "bibtex")


@admin.action(description="Export selected as RIS")
def export_ris(modeladmin, request, queryset):
    return _download(queryset, "ris")


@admin.action(description="Export selected as CSL-JSON")
def export_csl_json(modeladmin, request, queryset):
    return _download(queryset, "csl-json")


def _download(citations, fmt: str, name: str = "references") -> HttpResponse:
    response = HttpResponse(export(citations, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{FORMATS[fmt]}"'
    return response


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    form = CitationForm
    list_display = ["key", "reference", "type", "doi_link", "attention"]
    list_filter = [NeedsAttentionFilter, "type"]
    search_fields = ["key", "title", "author_text", "doi", "container_title", "publisher"]
    ordering = ["sort_key", "pk"]
    actions = [export_bibtex, export_ris, export_csl_json]
    readonly_fields = ["apa_preview", "year_suffix", "attention_list", "cited_on"]
    change_list_template = "admin/references/citation/change_list.html"
    fieldsets = [
        (None, {"fields": ["apa_preview", "attention_list", "key", "type"]}),
        (
            "Who and when",
            {"fields": ["authors_text", "editors_text", ("year", "year_suffix", "month", "day")]},
        ),
        (
            "The work",
            {
                "fields": [
                    "title",
                    "container_title",
                    ("volume", "issue", "pages"),
                    ("edition", "number"),
                    "publisher",
                ]
            },
        ),
        ("Finding it", {"fields": ["doi", "unverified_doi", "url", "accessed"]}),
        ("Used on", {"fields": ["cited_on"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        years = [int(word) for word in search_term.split() if word.isdigit() and len(word) == 4]
        if years:
            words = [w for w in search_term.split() if not (w.isdigit() and len(w) == 4)]
            rest, _ = (
                super().get_search_results(request, queryset, " ".join(words)) if words else (queryset, False)
            )
            results = results | rest.filter(year__in=years)
        return results, may_have_duplicates

    def save_model(self, request, obj, form, change) -> None:
        obj.uncertain_fields = []  # an editor has looked at it
        super().save_model(request, obj, form, change)

    @admin.display(description="Reference (APA 7)", ordering="sort_key")
    def reference(self, obj: Citation) -> str:
        return mark_safe(format_reference_html(obj))  # noqa: S308 - built from escaped parts

    @admin.display(description="APA 7")
    def apa_preview(self, obj: Citation) -> str:
        if obj is None or obj.pk is None:
            return "Shown once saved."
        return mark_safe(format_reference_html(obj))  # noqa: S308 - built from escaped parts

    @admin.display(description="DOI", ordering="doi")
    def doi_link(self, obj: Citation) -> str:
        if obj.doi:
            return format_html('<a href="{}" rel="noopener">{}</a>', obj.doi_url, obj.doi)
        return "—"

    @admin.display(description="Attention")
    def attention(self, obj: Citation) -> str:
        reasons = obj.attention_reasons()
        return (
            format_html('<span title="{}">⚠ {}</span>', " ".join(reasons), len(reasons)) if reasons else "✓"
        )

    @admin.display(description="Needs attention")
    def attention_list(self, obj: Citation) -> str:
        reasons = obj.attention_reasons() if obj and obj.pk else []
        if not reasons:
            return "Nothing: it has a year, a source and a working link."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in reasons)))

    @admin.display(description="Pages listing it")
    def cited_on(self, obj: Citation) -> str:
        if obj is None or obj.pk is None:
            return "—"
        links = obj.page_links.select_related("article", "hub")
        items = [(link.page.get_absolute_url(), str(link.page), link.get_kind_display()) for link in links]
        if not items:
            return "No page lists it yet."
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a> ({})</li>', items))

    # --- extra pages: import, export, DOI lookup --------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="references_citation_import"),
            path("export/<str:fmt>/", view(self.export_view), name="references_citation_export"),
            path("lookup-doi/", view(self.lookup_view), name="references_citation_lookup"),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, title: str, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **extra}

    def export_view(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if fmt not in FORMATS:
            messages.error(request, f"Unknown export format “{fmt}”; use bibtex, ris or csl-json.")
            return HttpResponseRedirect(reverse("admin:references_citation_changelist"))
        return _download(Citation.objects.all(), fmt, name="mindlab-references")

    def lookup_view(self, request: HttpRequest) -> HttpResponse:
        """Given a DOI, fetch the work from Crossref and open a pre-filled “add” form."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DOILookupForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                parsed = lookup_doi(form.cleaned_data["doi"])
            except DOILookupError as error:
                form.add_error("doi", str(error))
            else:
                fields = parsed.fields
                existing = Citation.objects.filter(doi=fields["doi"]).first()
                if existing is not None:
                    messages.warning(request, f"This DOI is already in the library as “{existing.key}”.")
                    return HttpResponseRedirect(
                        reverse("admin:references_citation_change", args=[existing.pk])
                    )
                return HttpResponseRedirect(
                    reverse("admin:references_citation_add") + "?" + urlencode(_initial(fields))
                )
        return TemplateResponse(
            request,
            "admin/references/citation/lookup.html",
            self._context(request, "Look up a DOI", form=form),
        )

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Step 1: paste or upload; step 2: review what was found; step 3: save all or nothing."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._import_confirm(request)
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
        context = self._context(
            request,
            "Import references",
            form=form,
            items=items,
            payload=signing.dumps(
                [i["csl"] | {"_uncertain": i["uncertain"]} for i in items], salt=IMPORT_SALT
            )
            if items
            else "",
        )
        return TemplateResponse(request, "admin/references/citation/import.html", context)

    def _import_confirm(self, request: HttpRequest) -> HttpResponse:
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
            results = api.import_references(batch)
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


def _initial(fields: dict) -> dict:
    initial = {
        k: v
        for k, v in fields.items()
        if k not in {"authors", "editors", "key", "accessed"} and v not in (None, "", [])
    }
    initial["authors_text"] = names_to_lines(fields.get("authors", []))
    if fields.get("editors"):
        initial["editors_text"] = names_to_lines(fields["editors"])
    return initial


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
        match = Citation.objects.filter(doi=fields["doi"]).first()
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


# --- references on article and hub change forms (mixed into articles.admin) -------------
class _FurtherReadingFormMixin:
    """Shows the page's current further reading as the field's initial value."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and "further_reading" not in self.initial:
            from .sync import page_field

            self.initial["further_reading"] = list(
                PageCitation.objects.filter(
                    kind=PageCitation.Kind.FURTHER, **{page_field(instance): instance}
                ).values_list("citation_id", flat=True)
            )


class PageReferencesAdminMixin:
    """Adds a “References” section to a page's admin: the works its text cites (read-only)
    and an autocomplete to attach further reading. Saved after the page and its inlines."""

    references_fieldset = (
        "References",
        {
            "fields": ["cited_works", "further_reading"],
            "description": "Cite works in the text as [@key]; they join the reference list automatically. "
            "Further reading is listed without being cited.",
        },
    )

    def get_actions(self, request: HttpRequest, action_location=ActionLocation.CHANGE_LIST) -> dict:
        actions = super().get_actions(request, action_location)
        if self.actions is None or IS_POPUP_VAR in request.GET or not self.has_view_permission(request):
            return actions
        for func in (export_pages_bibtex, export_pages_ris, export_pages_csl_json):
            action = self.get_action(func, action_location)
            if action is not None:
                actions[action.name] = action
        return actions

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if not any(name == "References" for name, _ in fieldsets):
            fieldsets.append(self.references_fieldset)
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [*super().get_readonly_fields(request, obj), "cited_works"]

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        base = kwargs.get("form") or self.form
        field = forms.ModelMultipleChoiceField(
            queryset=Citation.objects.all(),
            required=False,
            label="Further reading",
            widget=AutocompleteSelectMultiple(
                PageCitation._meta.get_field("citation"), self.admin_site, attrs={"data-width": "100%"}
            ),
            help_text="Search by author, title, year, DOI or key.",
        )
        kwargs["form"] = type(base)(
            f"{base.__name__}WithReferences",
            (_FurtherReadingFormMixin, base),
            {"further_reading": field, "__module__": __name__},
        )
        return super().get_form(request, obj, change, **kwargs)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if "further_reading" in form.cleaned_data:
            set_further_reading(form.instance, form.cleaned_data["further_reading"] or [])

    @admin.display(description="Cited in the text")
    def cited_works(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "Save the page to see the works its text cites."
        from .sync import page_field

        links = PageCitation.objects.filter(
            kind=PageCitation.Kind.CITED, **{page_field(obj): obj}
        ).select_related("citation")
        items = [
            (
                reverse("admin:references_citation_change", args=[link.citation_id]),
                link.citation.key,
                link.citation.title,
            )
            for link in sorted(links, key=lambda link: reference_order(link.citation))
        ]
        if not items:
            return "None yet."
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">@{}</a> — {}</li>', items))


def _pages_download(queryset, fmt: str) -> HttpResponse:
    seen, works = set(), []
    for page in queryset:
        for citation in api.citations_for_page(page):
            if citation.pk not in seen:
                seen.add(citation.pk)
                works.append(citation)
    return _download(sort_references(works), fmt, name=f"{queryset.model._meta.model_name}-references")


@admin.action(description="Export references of selected pages as BibTeX")
def export_pages_bibtex(modeladmin, request, queryset):
    return _pages_download(queryset, "bibtex")


@admin.action(description="Export references of selected pages as RIS")
def export_pages_ris(modeladmin, request, queryset):
    return _pages_download(queryset, "ris")


@admin.action(description="Export references of selected pages as CSL-JSON")
def export_pages_csl_json(modeladmin, request, queryset):
    return _pages_download(queryset, "csl-json")


def set_further_reading(page, citations) -> None:
    """Make the page's further reading exactly ``citations``."""
    from .sync import page_field

    column = page_field(page)
    wanted = {c.pk for c in citations}
    current = PageCitation.objects.filter(kind=PageCitation.Kind.FURTHER, **{column: page})
    current.exclude(citation_id__in=wanted).delete()
    api.attach_further_reading(page, citations)
