"""Site settings: one record, edited in the admin, read through ``mindlab.site``."""

from __future__ import annotations

from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone

from mindlab import pagecache

CACHE_KEY = "mindlab:site-settings:v1"


class SiteSettings(models.Model):
    """The organisation, its defaults around every page and its privacy notice (one row, pk 1)."""

    organisation_name = models.CharField(max_length=120)
    organisation_description = models.CharField(
        max_length=300, help_text="One line: the site's tagline and default description."
    )
    contact_email = models.EmailField(
        help_text="Shown to visitors who need to reach a person (booking limits, privacy questions)."
    )
    cta_heading = models.CharField("call to action heading", max_length=120)
    cta_text = models.TextField("call to action text", max_length=1000, help_text="Markdown.")
    cta_button = models.CharField("call to action button label", max_length=60)
    default_disclaimer = models.TextField(max_length=2000)
    privacy_notice = models.TextField(
        max_length=50_000, help_text="Markdown, shown at /privacy/ and linked from the booking form."
    )
    privacy_version = models.CharField(
        "privacy notice version", max_length=40, help_text="Change it whenever the notice changes."
    )
    privacy_updated = models.DateField("privacy notice last updated", default=timezone.localdate)
    # Rendered from the Markdown above when saved, never per request.
    cta_html = models.TextField(blank=True, editable=False)
    privacy_html = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="mindlab_site_settings_single")]

    def __str__(self) -> str:
        return "Site settings"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        self.render()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "cta_html", "privacy_html"}
        super().save(*args, **kwargs)
        forget_cached()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_cached()
        return result

    def render(self) -> None:
        """Render the Markdown fields into their HTML twins."""
        from mindlab.site import render_markdown

        self.cta_html = render_markdown(self.cta_text)
        self.privacy_html = render_markdown(self.privacy_notice)


def forget_cached() -> None:
    """Settings changed: drop the cached copies (now and at commit) and start a new page-cache version."""
    from mindlab import site

    site.forget_request_copy()
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    pagecache.invalidate()
