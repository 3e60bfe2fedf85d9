"""The database's guarantee that two active bookings never overlap (buffers included).

PostgreSQL: an exclusion constraint (GiST, ``btree_gist`` installed alongside) over
``tstzrange(start, blocked_until)`` for active rows. SQLite: triggers that abort an
insert or update creating an overlap; SQLite runs one writer at a time (and the project
opens transactions IMMEDIATE), so check-and-write cannot interleave. SQLite drops
triggers when a migration rebuilds the table, so they are re-created after every migrate.
"""

from __future__ import annotations

CONSTRAINT = "leads_booking_no_overlap"

POSTGRES_CREATE = f"""
ALTER TABLE leads_booking ADD CONSTRAINT {CONSTRAINT}
EXCLUDE USING gist (tstzrange("start", "blocked_until", '[)') WITH &&)
WHERE (status = 'active')
"""
POSTGRES_DROP = f"ALTER TABLE leads_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}"

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
    """Create the guard on ``connection`` if it is missing (idempotent)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [CONSTRAINT])
            if cursor.fetchone() is None:
                cursor.execute(POSTGRES_CREATE)
        elif connection.vendor == "sqlite":
            for statement in SQLITE_CREATE:
                cursor.execute(statement)


def uninstall(connection) -> None:
    """Drop the guard (for reversing the migration)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_DROP)
        elif connection.vendor == "sqlite":
            for statement in SQLITE_DROP:
                cursor.execute(statement)
