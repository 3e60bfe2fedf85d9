"""The search index: one row per article or hub, kept current when the page is saved.

The text is split by weight (title > lead > body) so PostgreSQL can build a weighted
``tsvector`` from it in the database; the same columns serve SQLite's simpler
FTS5 index (``FTS_TABLE``) and the highlighted snippets. Keeping the index in its own table means
page queries never load (or overwrite) search data they do not need.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .article import Article
from .structure import Hub


class SearchEntry(models.Model):
    """What search knows about one article or one hub."""

    article = models.OneToOneField(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    hub = models.OneToOneField(
        Hub, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    title = models.TextField(blank=True)
    lead = models.TextField(blank=True, help_text="Subtitle, summary, takeaways and FAQ questions.")
    body = models.TextField(blank=True, help_text="The body as plain text.")
    # PostgreSQL only (both stay empty on SQLite). ``vector`` holds every word, weighted,
    # for matching through its GIN index (made by migration 0002); ``rank_vector`` holds
    # only title and lead: small enough to rank thousands of matches without reading
    # the large vectors from TOAST storage.
    vector = SearchVectorField(null=True, editable=False)
    rank_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL only: the page's status and publish time, copied by database triggers
    # (migration 0011) whenever the entry is written or the page's fields change, however
    # they change (``save()``, ``QuerySet.update()``, SQL), so a search filters its matches
    # without joining the pages. Never written by Python: the triggers overwrite them.
    # Nullable so SQLite adds the column in place: a rebuilt table would lose its FTS5 triggers.
    page_status = models.CharField(max_length=10, null=True, editable=False)  # noqa: DJ001
    page_published_at = models.DateTimeField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(hub__isnull=False, article__isnull=True)
                    | models.Q(hub__isnull=True, article__isnull=False)
                ),
                name="searchentry_for_exactly_one_page",
            ),
        ]

    def __str__(self) -> str:
        return self.title


# The SQLite full-text index: an FTS5 table over ``SearchEntry`` (external content: its
# rowid is the entry's id), kept in step by triggers. Created by migration 0007 on SQLite
# only; read by ``articles.search.sqlite``. PostgreSQL never has it.
FTS_TABLE = "articles_searchentry_fts"
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
