"""What a search asks of an engine: slices of the ranked matches among some pages.

One results page needs a slice of the matching articles (the page's ten) and, on the
first page, a slice of the matching hubs (the best three), each with the number of all
its matches. An engine answers every slice of one search together (``find``), so the
full-text index is read once for both.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Model


class Slice(NamedTuple):
    """``limit`` of the published ``model`` pages (articles or hubs) matching the query,
    from ``offset``, best first. Ties go to the newest: on PostgreSQL by publish time, on
    SQLite by search entry (the page first indexed last)."""

    model: type[Model]
    offset: int
    limit: int


class Found(NamedTuple):
    """The ids of a slice's pages, best first, and how many pages match in all.

    ``total`` is ``None`` when the slice starts past the last match.
    """

    ids: list[int]
    total: int | None


def nothing(piece: Slice) -> Found:
    """What a slice finds when nothing matches."""
    return Found([], 0 if piece.offset == 0 else None)


def collect(rows: list[tuple[int, int, int]], pieces: list[Slice]) -> list[Found]:
    """The ``Found`` of each slice from rows ``(slice number, page id, total)``, best first."""
    found = []
    for number, piece in enumerate(pieces):
        mine = [(page, total) for group, page, total in rows if group == number]
        found.append(Found([page for page, _ in mine], mine[0][1]) if mine else nothing(piece))
    return found
