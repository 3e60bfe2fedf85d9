"""Cited works in the admin, seen from the pages: a "References" section on hub and article
forms, the page's citation checks beside its publishing checks, actions exporting the
references of selected pages, and the pages listing a work on the citation form (the
library's own admin lives in ``references.admin``)."""

from __future__ import annotations

import logging

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from references.admin import CitationAdmin
from references.api import Citation, sort_references

from .citation_checks import check_page
from .citations import (
    citations_for_page,
    cited_works,
    further_reading_ids,
    pages_citing,
    references_download,
    set_further_reading,
)
from .models import PageCitation

logger = logging.getLogger(__name__)


class _FurtherReadingFormMixin:
    """Shows the page's current further reading as the field's initial value."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and "further_reading" not in self.initial:
            self.initial["further_reading"] = further_reading_ids(instance)


def _pages_download(queryset, fmt: str) -> HttpResponse:
    seen, works = set(), []
    for page in queryset:
        for citation in citations_for_page(page):
            if citation.pk not in seen:
                seen.add(citation.pk)
                works.append(citation)
    return references_download(
        sort_references(works), fmt, name=f"{queryset.model._meta.model_name}-references"
    )


@admin.action(description="Export references of selected pages as BibTeX")
def export_pages_bibtex(modeladmin, request, queryset):
    return _pages_download(queryset, "bibtex")


@admin.action(description="Export references of selected pages as RIS")
def export_pages_ris(modeladmin, request, queryset):
    return _pages_download(queryset, "ris")


@admin.action(description="Export references of selected pages as CSL-JSON")
def export_pages_csl_json(modeladmin, request, queryset):
    return _pages_download(queryset, "csl-json")


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
        fieldsets = [_with_citation_checks(fieldset) for fieldset in super().get_fieldsets(request, obj)]
        if not any(name == "References" for name, _ in fieldsets):
            fieldsets.append(self.references_fieldset)
        if not any("citation_checks" in _flat(options.get("fields", ())) for _, options in fieldsets):
            fieldsets = [  # a form without publishing checks: after the references
                (name, {**options, "fields": [*options["fields"], "citation_checks"]})
                if name == "References"
                else (name, options)
                for name, options in fieldsets
            ]
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [*super().get_readonly_fields(request, obj), "cited_works", "citation_checks"]

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
        items = [
            (reverse("admin:references_citation_change", args=[work.pk]), work.key, work.title)
            for work in cited_works(obj)
        ]
        if not items:
            return "None yet."
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">@{}</a> — {}</li>', items))

    @admin.display(description="Citation checks")
    def citation_checks(self, obj) -> str:
        """In-text citations matching no entry (or several, or giving no year) and entries never
        cited: warnings for the editor, computed here (never on public page views)."""
        saved = obj is not None and obj.pk is not None
        try:
            warnings = check_page(obj) if saved else []
        except Exception:  # a check must never take the editor's form down
            logger.exception("Citation checks failed for %s %s", type(obj).__name__, obj.pk)
            return "The citation checks could not run on this page; the rest of the form works as usual."
        return render_to_string(
            "admin/articles/citation_checks.html",
            {
                "saved": saved,
                "mentions": [warning for warning in warnings if warning.kind != "uncited"],
                "uncited": [warning for warning in warnings if warning.kind == "uncited"],
            },
        )


def _flat(fields) -> list[str]:
    out: list[str] = []
    for field in fields:
        out.extend(field if isinstance(field, (list, tuple)) else [field])
    return out


def _with_citation_checks(fieldset: tuple) -> tuple:
    """The publishing checks ("readiness") followed by the citation checks, in the same section."""
    name, options = fieldset
    fields = list(options.get("fields", ()))
    if "readiness" not in fields or "citation_checks" in _flat(fields):
        return fieldset
    index = fields.index("readiness") + 1
    return name, {**options, "fields": [*fields[:index], "citation_checks", *fields[index:]]}


class CitationWithPagesAdmin(CitationAdmin):
    """The library's citation admin plus the pages (drafts too) that list each work."""

    readonly_fields = [*CitationAdmin.readonly_fields, "cited_on"]
    fieldsets = [*CitationAdmin.fieldsets, ("Used on", {"fields": ["cited_on"]})]

    @admin.display(description="Pages listing it")
    def cited_on(self, obj: Citation) -> str:
        if obj is None or obj.pk is None:
            return "—"
        items = [
            (link.page.get_absolute_url(), str(link.page), link.get_kind_display())
            for link in pages_citing(obj)
        ]
        if not items:
            return "No page lists it yet."
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a> ({})</li>', items))


def register_citation_admin(site: admin.AdminSite = admin.site) -> None:
    """Show the pages listing a work on its admin form (replaces the library's registration)."""
    if site.is_registered(Citation):
        site.unregister(Citation)
    site.register(Citation, CitationWithPagesAdmin)
