"""What a results page shows of each page found: a small record read with ``values()``.

A result shows a handful of fields, so the pages found are read as values, not model
instances: on the benchmark corpus (``benchmarks/search_bench.py``) compiling a
``select_related().only()`` queryset and building the related objects took ~1.5 ms a
query on SQLite and ~2.5 ms on PostgreSQL, several times what reading the rows took.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Expression
from django.urls import reverse
from django.utils.safestring import SafeString

from ..models import Article, Hub, hub_display_name, is_live, pillar_display_name
from .snippets import result_snippet

ARTICLE_VALUES = (
    "pk",
    "title",
    "slug",
    "summary",
    "published_at",
    "author__name",
    "hub__name",
    "hub__title",
    "hub__status",
    "hub__published_at",
)
HUB_VALUES = ("pk", "name", "title", "slug", "summary", "pillar__number", "pillar__name")


@dataclass(frozen=True)
class ArticleResult:
    """An article as a result: ``hub_name`` is empty unless its hub is published."""

    title: str
    url: str
    snippet: SafeString
    published_at: datetime | None
    author_name: str
    hub_name: str


@dataclass(frozen=True)
class HubResult:
    """A hub as a result, under its display name, with its pillar's."""

    title: str
    url: str
    snippet: SafeString
    pillar_name: str


def _rows(model: type[Article | Hub], ids: list[int], fields: tuple[str, ...], extra: dict) -> list[dict]:
    by_id = {row["pk"]: row for row in model.objects.filter(pk__in=ids).order_by().values(*fields, **extra)}
    return [by_id[pk] for pk in ids if pk in by_id]


def article_rows(ids: list[int], extra: dict[str, Expression]) -> list[dict]:
    """The articles ``ids`` as value rows (``ARTICLE_VALUES`` and ``extra``), in that order."""
    return _rows(Article, ids, ARTICLE_VALUES, extra)


def hub_rows(ids: list[int], extra: dict[str, Expression]) -> list[dict]:
    """The hubs ``ids`` as value rows (``HUB_VALUES`` and ``extra``), in that order."""
    return _rows(Hub, ids, HUB_VALUES, extra)


def article_result(row: dict, now: datetime) -> ArticleResult:
    """The record of an ``article_rows`` row whose engine snippet is ``row["snippet_raw"]``."""
    hub_name = ""
    if row["hub__title"] is not None and is_live(row["hub__status"], row["hub__published_at"], now):
        hub_name = hub_display_name(row["hub__name"], row["hub__title"])
    return ArticleResult(
        title=row["title"],
        url=reverse("articles:article", kwargs={"slug": row["slug"]}),
        snippet=result_snippet(row.get("snippet_raw") or "", row["summary"]),
        published_at=row["published_at"],
        author_name=row["author__name"] or "",
        hub_name=hub_name,
    )


def hub_result(row: dict) -> HubResult:
    """The record of a ``hub_rows`` row whose engine snippet is ``row["snippet_raw"]``."""
    return HubResult(
        title=hub_display_name(row["name"], row["title"]),
        url=reverse("articles:hub", kwargs={"slug": row["slug"]}),
        snippet=result_snippet(row.get("snippet_raw") or "", row["summary"]),
        pillar_name=pillar_display_name(row["pillar__number"], row["pillar__name"]),
    )
