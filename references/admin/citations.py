"""The citation library in the admin: search, "needs attention", export, DOI lookup, and
the import with review (``importing``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..apa import format_reference_html
from ..crossref import DOILookupError, lookup_doi
from ..exporters import CONTENT_TYPES, FORMATS, export
from ..forms import CitationForm, DOILookupForm, names_to_lines
from ..models import Citation, CitationType
from . import importing


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
    readonly_fields = ["apa_preview", "year_suffix", "attention_list"]
    change_list_template = "admin/references/citation/change_list.html"
    fieldsets = [
        (None, {"fields": ["apa_preview", "attention_list", "key", "type"]}),
        (
            "Who and when",
            {
                "fields": [
                    "authors_text",
                    "editors_text",
                    "translators_text",
                    ("year", "year_suffix", "month", "day"),
                    ("original_year", "status"),
                ]
            },
        ),
        (
            "The work",
            {
                "fields": [
                    "title",
                    "container_title",
                    ("volume", "issue", "pages"),
                    ("edition", "version", "number", "genre"),
                    ("collection_title", "collection_number"),
                    "publisher",
                    ("event_title", "event_place"),
                ]
            },
        ),
        (
            "A review's subject",
            {
                "classes": ["collapse"],
                "fields": ["reviewed_title", "reviewed_authors_text"],
            },
        ),
        (
            "Finding it",
            {"fields": ["doi", "unverified_doi", "url", "accessed", ("archive", "archive_location")]},
        ),
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

    # --- extra pages: import, export, DOI lookup --------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="references_citation_import"),
            path("export/<str:fmt>/", view(self.export_view), name="references_citation_export"),
            path("lookup-doi/", view(self.lookup_view), name="references_citation_lookup"),
            *super().get_urls(),
        ]

    def page_context(self, request: HttpRequest, title: str, **extra) -> dict:
        """The template context of the extra admin pages (import, DOI lookup)."""
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **extra}

    def import_view(self, request: HttpRequest) -> HttpResponse:
        return importing.import_view(self, request)

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
                existing = Citation.objects.filter(doi__iexact=fields["doi"]).first()
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
            self.page_context(request, "Look up a DOI", form=form),
        )


def _initial(fields: dict) -> dict:
    initial = {
        k: v
        for k, v in fields.items()
        if k not in {"authors", "editors", "translators", "reviewed_authors", "key", "accessed"}
        and v not in (None, "", [])
    }
    initial["authors_text"] = names_to_lines(fields.get("authors", []))
    if fields.get("editors"):
        initial["editors_text"] = names_to_lines(fields["editors"])
    if fields.get("translators"):
        initial["translators_text"] = names_to_lines(fields["translators"])
    if fields.get("reviewed_authors"):
        initial["reviewed_authors_text"] = names_to_lines(fields["reviewed_authors"])
    return initial
