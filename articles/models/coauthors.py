"""Pages written by more than one person: the authors after the first, in byline order.

The first author stays ``page.author`` (the one whose bio the page shows); each further
author is a ``Coauthor`` row on exactly one article or one hub. ``page.byline_authors``
is everyone, in order, for bylines and JSON-LD.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .article import Article
from .people import Author
from .structure import Hub


class Coauthor(models.Model):
    """One further author of an article or a hub, in the byline's order."""

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="coauthors"
    )
    hub = models.ForeignKey(Hub, null=True, blank=True, on_delete=models.CASCADE, related_name="coauthors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="coauthored")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "co-author"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(article__isnull=False, hub__isnull=True) | Q(article__isnull=True, hub__isnull=False)
                ),
                name="coauthor_on_exactly_one_page",
                violation_error_message="A co-author belongs to exactly one article or one hub.",
            ),
            models.UniqueConstraint(
                fields=["article", "author"],
                condition=Q(article__isnull=False),
                name="coauthor_once_per_article",
                violation_error_message="This person is already a co-author of this article.",
            ),
            models.UniqueConstraint(
                fields=["hub", "author"],
                condition=Q(hub__isnull=False),
                name="coauthor_once_per_hub",
                violation_error_message="This person is already a co-author of this hub.",
            ),
        ]

    def __str__(self) -> str:
        return str(self.author)

    @property
    def page(self) -> Article | Hub | None:
        return self.article if self.article_id else self.hub

    def clean(self) -> None:
        page = self.page
        if page is not None and self.author_id and page.author_id == self.author_id:
            raise ValidationError({"author": "This person is already the page's first author."})
