"""The site settings in the admin: one record, no list, no deleting."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from mindlab import site
from mindlab.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        ("Organisation", {"fields": ["organisation_name", "organisation_description", "contact_email"]}),
        ("Default call to action", {"fields": ["cta_heading", "cta_text", "cta_button"]}),
        ("Default disclaimer", {"fields": ["default_disclaimer"]}),
        ("Privacy notice", {"fields": ["privacy_notice", "privacy_version", "privacy_updated"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        """There is one record: the list opens it (or the form to create it)."""
        if SiteSettings.objects.filter(pk=1).exists():
            return HttpResponseRedirect(reverse("admin:mindlab_sitesettings_change", args=[1]))
        return HttpResponseRedirect(reverse("admin:mindlab_sitesettings_add"))

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return dict(site.DEFAULTS)
