"""Which works a page lists: cited in its text (kept in step on save) or further reading."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from mindlab.plain_text import RefusesControlCharacters
from references.models import Citation

from .article import Article
from .structure import Hub


class PageCitation(RefusesControlCharacters, models.Model):
    """A work on one page: cited in its text, or attached by hand as further reading."""

    class Kind(models.TextChoices):
        CITED = "cited", "Cited in the text"
        FURTHER = "further", "Further reading"

    citation = models.ForeignKey(Citation, on_delete=models.PROTECT, related_name="page_links")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="citation_links"
    )
    hub = models.ForeignKey(
        Hub, null=True, blank=True, on_delete=models.CASCADE, related_name="citation_links"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FURTHER)

    class Meta:
        verbose_name = "reference on a page"
        verbose_name_plural = "references on pages"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(article__isnull=False, hub__isnull=True) | Q(article__isnull=True, hub__isnull=False)
                ),
                name="pagecitation_on_exactly_one_page",
                violation_error_message="A reference belongs to exactly one article or one hub.",
            ),
            models.UniqueConstraint(
                fields=["citation", "article", "kind"],
                condition=Q(article__isnull=False),
                name="pagecitation_unique_on_article",
                violation_error_message="This work is already listed on this article.",
            ),
            models.UniqueConstraint(
                fields=["citation", "hub", "kind"],
                condition=Q(hub__isnull=False),
                name="pagecitation_unique_on_hub",
                violation_error_message="This work is already listed on this hub.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citation.key} on {self.page}"

    @property
    def page(self) -> Article | Hub | None:
        return self.article if self.article_id else self.hub
