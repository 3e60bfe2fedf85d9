"""What readers' requests ask of the revisions table reads the partial index, not every snapshot."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Min

from revisions.models import PENDING, Revision

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row) for row in cursor.fetchall())


@pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="SQLite's planner (PostgreSQL infers the condition)"
)
def test_due_and_next_scheduled_drafts_use_the_scheduled_index():
    due = Revision.objects.due().order_by("pk").values_list("pk", "content_type_id", "object_id")
    assert "revision_scheduled" in plan(due)
    upcoming = Revision.objects.filter(PENDING, scheduled_for__gt="2026-01-01").annotate(
        first=Min("scheduled_for")
    )
    assert "revision_scheduled" in plan(upcoming.values("first"))
