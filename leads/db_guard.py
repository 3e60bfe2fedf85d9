"""SQLite's guarantee that two active bookings never overlap (buffers included).

PostgreSQL has an exclusion constraint declared on ``Booking`` (``leads.constraints``).
SQLite has no exclusion constraints, so triggers abort an insert or update that would
create an overlap; SQLite runs one writer at a time (and the project opens transactions
IMMEDIATE), so check-and-write cannot interleave. SQLite drops a table's triggers when a
migration rebuilds the table, so ``install`` also runs after every migrate (idempotent).
"""

from __future__ import annotations

from .models import OVERLAP_CONSTRAINT as CONSTRAINT

_SQLITE_CLASH = """
SELECT RAISE(ABORT, '{name}: that time overlaps an active booking')
WHERE EXISTS (
    SELECT 1 FROM leads_booking AS other
    WHERE other.status = 'active' AND other.id IS NOT NEW.id
      AND other."start" < NEW.blocked_until AND NEW."start" < other.blocked_until
);
"""
SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS {CONSTRAINT}_insert BEFORE INSERT ON leads_booking
    WHEN NEW.status = 'active'
    BEGIN {_SQLITE_CLASH.format(name=CONSTRAINT)} END""",
    f"""CREATE TRIGGER IF NOT EXISTS {CONSTRAINT}_update BEFORE UPDATE ON leads_booking
    WHEN NEW.status = 'active'
    BEGIN {_SQLITE_CLASH.format(name=CONSTRAINT)} END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {CONSTRAINT}_insert",
    f"DROP TRIGGER IF EXISTS {CONSTRAINT}_update",
]


def install(connection) -> None:
    """Create the triggers on an SQLite ``connection`` if missing; nothing elsewhere."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_CREATE:
            cursor.execute(statement)


def uninstall(connection) -> None:
    """Drop the triggers (for reversing migration 0002); nothing on other backends."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_DROP:
            cursor.execute(statement)
