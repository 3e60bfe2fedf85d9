"""Database constraints that exist on PostgreSQL only.

The overlap rule for bookings is declared once, in ``Booking.Meta.constraints``, as an
``ExclusionConstraint``. SQLite has no exclusion constraints; it enforces the same rule
with triggers (``leads.db_guard``, created by migration 0002). Django applies every model
constraint on every backend, so the constraint here is PostgreSQL-only at two levels:

- the constraint class returns no SQL on other backends, so a table SQLite rebuilds, or
  creates from the models, never receives PostgreSQL syntax, and model validation skips
  it there (the triggers are the guarantee);
- the migration operation that adds it (``AddConstraintOnPostgreSQL``) records it in
  every backend's migration state but touches the database only on PostgreSQL. A plain ``AddConstraint`` would make SQLite rebuild the
  table for nothing, and a rebuild drops the triggers.

A vendor check in the constraint and in one operation was preferred over
``SeparateDatabaseAndState`` with a raw SQL step: the state and the database step come
from the same declaration (``makemigrations --check`` compares it with the model), and
PostgreSQL gets exactly the SQL Django generates from it.
"""

from __future__ import annotations

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField
from django.db import DEFAULT_DB_ALIAS, connections, migrations
from django.db.models import Func


class TsTzRange(Func):
    """``tstzrange(lower, upper, bounds)``: a time range built from two columns."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def _on_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class PostgreSQLExclusionConstraint(ExclusionConstraint):
    """An ``ExclusionConstraint`` that produces SQL (and validates) on PostgreSQL only."""

    def constraint_sql(self, model, schema_editor):
        return super().constraint_sql(model, schema_editor) if _on_postgresql(schema_editor) else None

    def create_sql(self, model, schema_editor):
        return super().create_sql(model, schema_editor) if _on_postgresql(schema_editor) else None

    def remove_sql(self, model, schema_editor):
        return super().remove_sql(model, schema_editor) if _on_postgresql(schema_editor) else None

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS) -> None:
        if connections[using].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)


class AddConstraintOnPostgreSQL(migrations.AddConstraint):
    """``AddConstraint`` whose database step runs on PostgreSQL only (state on every backend).

    ``replaces`` names a constraint of the same name created earlier by raw SQL; it is
    dropped first, so databases that had it end with Django's declaration.
    """

    def __init__(self, model_name, constraint, replaces: str | None = None) -> None:
        super().__init__(model_name, constraint)
        self.replaces = replaces

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        if self.replaces:
            kwargs["replaces"] = self.replaces
        return name, args, kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if not _on_postgresql(schema_editor):
            return
        if self.replaces:
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.execute(
                f"ALTER TABLE {schema_editor.quote_name(model._meta.db_table)} "
                f"DROP CONSTRAINT IF EXISTS {schema_editor.quote_name(self.replaces)}"
            )
        super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if _on_postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)
