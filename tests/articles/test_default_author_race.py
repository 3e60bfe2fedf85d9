"""Editors choosing different default authors at the same moment, on PostgreSQL: one wins, none fails."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from articles.models import Author

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs real concurrent connections to PostgreSQL; SQLite serialises writers",
    ),
]

EDITORS = 8


def test_simultaneous_choices_leave_exactly_one_default_author_and_no_error():
    authors = [Author.objects.create(name=f"Author {n}", slug=f"author-{n}") for n in range(EDITORS)]
    authors[0].make_default()
    barrier = threading.Barrier(EDITORS)
    errors: list[Exception] = []

    def choose(author: Author) -> None:
        try:
            barrier.wait(timeout=30)
            author.make_default()
        except Exception as error:  # recorded and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=choose, args=(author,)) for author in authors[1:] + authors[:1]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Author.objects.filter(is_default=True).count() == 1
