from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from markdownx.models import MarkdownxField

from mindlab.plain_text import RefusesControlCharacters
from references.api import CITATIONS_ENV_KEY

from .article import Article
from .publishing import MarkdownSourcesMixin
from .structure import Hub


class FAQ(RefusesControlCharacters, MarkdownSourcesMixin, models.Model):
    """A question and its Markdown answer, on exactly one hub or one article."""

    markdown_fields = {"answer": "answer_html"}

    hub = models.ForeignKey(Hub, null=True, blank=True, on_delete=models.CASCADE, related_name="faqs")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=300)
    answer = MarkdownxField()
    answer_html = models.TextField(editable=False, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(hub__isnull=False, article__isnull=True)
                    | models.Q(hub__isnull=True, article__isnull=False)
                ),
                name="faq_on_exactly_one_page",
                violation_error_message="An FAQ belongs to exactly one hub or one article.",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def footnote_prefix(self, source_field: str, position: int) -> str | None:
        """Several answers share a page: each answer's notes are named after its question."""
        return f"faq-{slugify(self.question)[:40] or self.position}"

    @property
    def page(self) -> Hub | Article | None:
        return self.article if self.article_id else self.hub

    def markdown_env(self) -> dict:
        return {"page": self.page, "faq": self, CITATIONS_ENV_KEY: True}  # answers cite like their page

    def _has_parent(self, name: str) -> bool:
        # An inline form on a page being created sets the (still unsaved) parent object.
        field = self._meta.get_field(name)
        return getattr(self, field.attname) is not None or (
            field.is_cached(self) and getattr(self, name) is not None
        )

    def clean(self) -> None:
        self.clean_markdown_fields()
        if self._has_parent("hub") == self._has_parent("article"):
            raise ValidationError("An FAQ belongs to exactly one hub or one article.")
