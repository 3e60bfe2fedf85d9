"""The overlap rule: a declared ExclusionConstraint on PostgreSQL, triggers on SQLite."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.postgres.constraints import ExclusionConstraint
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from leads.availability import current_free_slots
from leads.booking import RequestDetails, is_overlap_error, submit_request
from leads.models import OVERLAP_CONSTRAINT, Booking

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's constraint")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers")


def overlapping(booking: Booking, minutes: int = 10) -> Booking:
    start = booking.start + timedelta(minutes=minutes)
    return Booking(
        request=booking.request,
        start=start,
        end=start + timedelta(minutes=30),
        blocked_until=start + timedelta(minutes=45),
    )


@pytest.fixture
def booking(rules) -> Booking:
    lead = submit_request(RequestDetails(name="Ada", email="ada@example.org"), current_free_slots()[0].key)
    return lead.active_booking


def test_the_overlap_rule_is_declared_on_the_model():
    declared = [c for c in Booking._meta.constraints if c.name == OVERLAP_CONSTRAINT]
    assert len(declared) == 1
    assert isinstance(declared[0], ExclusionConstraint)


@on_postgresql
def test_postgresql_has_the_declared_exclusion_constraint():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contype, pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s",
            [OVERLAP_CONSTRAINT],
        )
        rows = cursor.fetchall()
    assert len(rows) == 1
    kind, definition = rows[0]
    assert kind == "x"  # exclusion
    assert "tstzrange(start, blocked_until, '[)'::text) WITH &&" in definition
    assert "WHERE" in definition and "'active'" in definition


@on_postgresql
def test_model_validation_reports_an_overlap_on_postgresql(booking):
    with pytest.raises(ValidationError, match="That time overlaps an active booking"):
        overlapping(booking).validate_constraints()
    overlapping(booking, minutes=45).validate_constraints()  # starts when the buffer ends: fine


@on_sqlite
def test_sqlite_keeps_its_triggers_and_validation_leaves_them_the_last_word(booking):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'leads_booking'")
        triggers = sorted(name for (name,) in cursor.fetchall())
    assert triggers == [f"{OVERLAP_CONSTRAINT}_insert", f"{OVERLAP_CONSTRAINT}_update"]
    clash = overlapping(booking)
    clash.validate_constraints()  # nothing to validate with on SQLite; the trigger refuses
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        clash.save()
    assert is_overlap_error(error.value)
