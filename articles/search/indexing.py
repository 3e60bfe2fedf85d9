"""Writing the search index: one ``SearchEntry`` per article and hub.

Each entry holds the page's search document (``documents``); on PostgreSQL the row also
stores, computed in the database, the weighted ``tsvector`` columns ``postgres.VECTORS``;
on SQLite, triggers copy every change of an entry into the FTS5 index (migration 0007).
"""

from __future__ import annotations

from django.db import connection, transaction

from ..models import Article, Hub, SearchEntry
from ..models.search import FTS_TABLE
from . import postgres
from .documents import article_document, hub_document


def _store(lookup: dict, document: dict[str, str]) -> None:
    entry, _ = SearchEntry.objects.update_or_create(**lookup, defaults=document)
    if postgres.uses_postgres_search():
        SearchEntry.objects.filter(pk=entry.pk).update(**postgres.VECTORS)


def index_article(article: Article) -> None:
    """Bring the article's search entry up to date (drafts are indexed too, never shown)."""
    _store({"article": article}, article_document(article))


def index_hub(hub: Hub) -> None:
    """Bring the hub's search entry up to date."""
    _store({"hub": hub}, hub_document(hub))


BATCH = 500


def _write(entries: list[SearchEntry]) -> int:
    SearchEntry.objects.bulk_create(entries)
    return len(entries)


@transaction.atomic
def rebuild_index(*, only_missing: bool = False) -> int:
    """(Re)write the entries of every article and hub in a few bulk queries; returns how many."""
    articles = Article.objects.prefetch_related("takeaways", "faqs")
    hubs = Hub.objects.prefetch_related("faqs")
    if only_missing:
        articles = articles.filter(search_entry__isnull=True)
        hubs = hubs.filter(search_entry__isnull=True)
    else:
        SearchEntry.objects.all().delete()
    written = 0
    # Written a batch at a time: only one batch of documents (each the text of a page) in memory.
    for pages, link, document in ((articles, "article", article_document), (hubs, "hub", hub_document)):
        batch = []
        for page in pages.iterator(chunk_size=BATCH):
            batch.append(SearchEntry(**{link: page}, **document(page)))
            if len(batch) == BATCH:
                written += _write(batch)
                batch = []
        written += _write(batch)
    if postgres.uses_postgres_search() and written:
        SearchEntry.objects.filter(vector__isnull=True).update(**postgres.VECTORS)
    elif connection.vendor == "sqlite" and not only_missing:
        # Triggers keep the FTS5 index in step; a full rebuild also repairs it from the entries.
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608 - a constant
    return written
