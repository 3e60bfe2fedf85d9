"""A page's own call to action: heading, Markdown text and button label, each optional.

An empty part means the site's default (``mindlab.SiteSettings``), part by part: a page
may change only the heading and keep the default text and button. The button always
links to the booking page with ``?from=<page>``.
"""

from __future__ import annotations

from django.db import models
from django.utils.safestring import SafeString, mark_safe
from markdownx.models import MarkdownxField

from mindlab import site


class OwnCallToAction(models.Model):
    """Fields for a page's own call to action; the page renders ``cta_text`` into ``cta_html``."""

    cta_heading = models.CharField(
        "call to action heading",
        max_length=120,
        blank=True,
        help_text="Leave empty to use the site's heading.",
    )
    cta_text = MarkdownxField(
        "call to action text", blank=True, help_text="Markdown. Leave empty to use the site's text."
    )
    cta_html = models.TextField(editable=False, blank=True)
    cta_button = models.CharField(
        "call to action button label",
        max_length=60,
        blank=True,
        help_text="Leave empty to use the site's label.",
    )

    class Meta:
        abstract = True

    @property
    def effective_cta_heading(self) -> str:
        return self.cta_heading.strip() or site.CTA_HEADING

    @property
    def effective_cta_html(self) -> SafeString:
        """The page's own text (sanitised when saved), else the site's."""
        if self.cta_text.strip():
            return mark_safe(self.cta_html)  # noqa: S308 - rendered and sanitised on save
        return mark_safe(site.settings().cta_html)  # noqa: S308 - sanitised on save

    @property
    def effective_cta_button(self) -> str:
        return self.cta_button.strip() or site.CTA_BUTTON

    @property
    def has_own_cta(self) -> bool:
        return bool(self.cta_heading.strip() or self.cta_text.strip() or self.cta_button.strip())
