"""The admin's list of what is scheduled for the coming weeks (staff who may preview pages)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from .revision_admin import when
from .schedule import coming_up, previewable_models

WEEKS_CHOICES = (1, 2, 4, 8, 12, 26)
DEFAULT_WEEKS = 4


def _weeks(request: HttpRequest) -> int:
    value = request.GET.get("weeks", "")
    return int(value) if value.isdigit() and int(value) in WEEKS_CHOICES else DEFAULT_WEEKS


def _row(request: HttpRequest, item) -> dict:
    opts = item.page._meta
    model_admin = admin.site._registry.get(type(item.page))
    may_change = model_admin is not None and model_admin.has_change_permission(request, item.page)
    admin_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.page.pk])
    row = {
        "item": item,
        "when": when(item.when),
        "kind": opts.verbose_name,
        "admin_url": admin_url,
        "admin_label": "Edit" if may_change else "View",
        "preview_url": item.page.get_absolute_url(),
        "compare_url": "",
        "by": "",
    }
    if item.revision is not None:
        compare = reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[item.page.pk])
        row["compare_url"] = f"{compare}?a=live&b={item.revision.pk}"
        row["by"] = item.revision.created_by.get_username() if item.revision.created_by else ""
    return row


def scheduled_view(request: HttpRequest) -> HttpResponse:
    """Pages first published, and drafts going live, in the next few weeks, soonest first."""
    if not previewable_models(request.user):
        raise PermissionDenied("Only editors see what is scheduled.")
    weeks = _weeks(request)
    rows = [_row(request, item) for item in coming_up(request.user, weeks)]
    context = {
        **admin.site.each_context(request),
        "title": f"Scheduled for the next {weeks} week{'s' if weeks != 1 else ''}",
        "subtitle": None,
        "rows": rows,
        "weeks": weeks,
        "weeks_choices": WEEKS_CHOICES,
    }
    return TemplateResponse(request, "admin/articles/schedule/scheduled.html", context)
