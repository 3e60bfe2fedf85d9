"""Twenty visitors racing for one time on PostgreSQL: exactly one booking, nineteen clear answers."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client

from leads.availability import current_free_slots
from leads.booking import is_overlap_error
from leads.models import Booking, OutboundEmail, StrategyCallRequest
from tests.leads.conftest import form_data, thanks_request_id

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs real concurrent connections to PostgreSQL (DATABASE_URL=postgres://...); "
        "SQLite serialises writers, its triggers are tested in test_booking.py",
    ),
]

ATTEMPTS = 20


def race(worker, count: int = ATTEMPTS) -> list:
    """Run ``worker(i)`` in ``count`` threads released together; each on its own connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = worker(i)
        except Exception as error:  # recorded and asserted on below
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_twenty_visitors_one_slot_exactly_one_booking(rules, settings):
    settings.LEADS_RATE_LIMIT = 1000
    cache.clear()
    key = current_free_slots()[0].key

    def visit(i: int):
        response = Client(REMOTE_ADDR=f"198.51.100.{i + 1}").post(
            "/strategy-call/", form_data(key, email=f"visitor{i}@example.org")
        )
        return response.status_code, response.content.decode()

    results = race(visit)
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = sorted(status for status, _ in results)
    assert statuses == [302] + [409] * (ATTEMPTS - 1)
    for status, html in results:
        if status == 409:
            assert "That time was just taken — here are the nearest free times." in html
            assert 'type="radio" name="slot"' in html
    assert Booking.objects.filter(status="active").count() == 1
    assert StrategyCallRequest.objects.count() == 1  # losers left nothing half-written


def test_overlapping_but_not_identical_times_exactly_one_booking(rules):
    start = current_free_slots()[0].start
    lead = StrategyCallRequest.objects.create(
        name="Seed", email="seed@example.org", consent_version="2026-11", consent_at=start
    )

    def book(i: int):
        begins = start + timedelta(minutes=i)  # 20 different starts, every pair overlaps
        try:
            with transaction.atomic():
                Booking.objects.create(
                    request_id=lead.pk,
                    start=begins,
                    end=begins + timedelta(minutes=30),
                    blocked_until=begins + timedelta(minutes=45),
                )
                time.sleep(0.05)  # hold the transaction open so the others really wait on it
            return "booked"
        except IntegrityError as error:
            return "taken" if is_overlap_error(error) else error

    results = race(book)
    assert sorted(results, key=str) == ["booked"] + ["taken"] * (ATTEMPTS - 1), results
    assert Booking.objects.filter(status="active").count() == 1


def test_clicks_of_one_form_store_one_request_and_all_see_its_page(rules, settings):
    settings.LEADS_RATE_LIMIT = 1000
    cache.clear()
    data = form_data(current_free_slots()[0].key)  # one rendering: every click sends its token

    def click(i: int):
        return Client().post("/strategy-call/", data)

    started = time.monotonic()
    responses = race(click, count=5)
    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert [r.status_code for r in responses] == [302] * 5
    assert len({thanks_request_id(r) for r in responses}) == 1
    assert StrategyCallRequest.objects.count() == 1
    assert (
        OutboundEmail.objects.exclude(kind="visitor_reminder").count() == 2
    )  # one confirmation, one notification
    assert time.monotonic() - started < 10  # the database decides; nobody sleeps or polls
