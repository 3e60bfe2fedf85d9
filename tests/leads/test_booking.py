"""Booking through the page and the booking functions; the database refuses overlaps."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from leads.availability import current_free_slots
from leads.booking import (
    BookingNotActive,
    RequestDetails,
    SlotTaken,
    cancel_booking,
    is_overlap_error,
    reschedule_booking,
    submit_request,
)
from leads.links import manage_token
from leads.models import Booking, OutboundEmail, Status, StrategyCallRequest
from tests.leads.conftest import form_data, slot_keys

pytestmark = pytest.mark.django_db


def details(**fields) -> RequestDetails:
    return RequestDetails(
        **{"name": "Ada", "email": "ada@example.org", "visitor_time_zone": "Asia/Tokyo", **fields}
    )


def test_page_lists_slots_in_the_visitors_zone(client, rules):
    response = client.get("/strategy-call/?tz=Asia/Tokyo&from=/articles/trusted-people/")
    html = response.content.decode()
    assert response.status_code == 200
    first = current_free_slots()[0]
    local = first.start.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    assert (
        f'data-slot="{first.key}"><time datetime="{local.isoformat()}" data-local-time>{local:%H:%M}</time>'
        in html
    )
    assert 'data-tz-detected="true"' in html
    assert '<option value="Asia/Tokyo" selected>' in html


def test_unknown_zone_falls_back_to_the_practice_zone(client, rules):
    response = client.get("/strategy-call/?tz=Mars/Olympus_Mons")
    assert response.status_code == 200
    assert '<option value="Europe/London" selected>' in response.content.decode()


def test_booking_end_to_end_through_the_views(client, rules):
    page = client.get(
        "/strategy-call/?from=/articles/trusted-people/&utm_source=newsletter&utm_campaign=nov",
        HTTP_REFERER="https://news.example.org/issue-4",
    )
    key = slot_keys(page.content.decode())[0]
    token = page.content.decode().split('name="a" value="')[1].split('"')[0]
    step2 = client.get("/strategy-call/", {"slot": key, "tz": "America/New_York", "a": token})
    assert step2.status_code == 200
    assert "Please do not include medical details" in step2.content.decode()

    response = client.post("/strategy-call/", form_data(key, a=token, updates="on"))
    assert response.status_code == 302
    lead = StrategyCallRequest.objects.get()
    assert lead.status == Status.SCHEDULED
    assert lead.source_page == "/articles/trusted-people/"
    assert (lead.utm_source, lead.utm_campaign) == ("newsletter", "nov")
    assert lead.referrer == "https://news.example.org/issue-4"
    assert lead.consent_version == "2026-11" and lead.consent_at is not None
    assert lead.updates_opt_in is True
    booking = lead.active_booking
    assert booking.start.strftime("%Y-%m-%dT%H:%MZ") == key
    assert booking.blocked_until - booking.end == timedelta(minutes=15)
    # Emails are waiting in the outbox, not sent during the request.
    assert sorted(OutboundEmail.objects.exclude(kind="visitor_reminder").values_list("kind", "status")) == [
        ("practice_notification", "pending"),
        ("visitor_confirmation", "pending"),
    ]

    thanks = client.get(response["Location"])
    html = thanks.content.decode()
    assert "(America/New_York)" in html and "for us in Europe/London" in html
    ics = client.get(response["Location"] + "strategy-call.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert f"UID:{lead.calendar_uid}@mindlab-strategy-call" in ics.content.decode()
    # The slot is gone from the page now.
    assert key not in slot_keys(client.get("/strategy-call/").content.decode())


def test_none_of_these_times_work(client, rules):
    response = client.post(
        "/strategy-call/", form_data("none", preferred_times="Tuesday mornings, New York time")
    )
    assert response.status_code == 302
    lead = StrategyCallRequest.objects.get()
    assert lead.status == Status.NEEDS_SCHEDULING
    assert not lead.bookings.exists()
    assert set(OutboundEmail.objects.exclude(kind="visitor_reminder").values_list("kind", flat=True)) == {
        "visitor_received",
        "practice_notification",
    }


def test_none_requires_preferred_times(client, rules):
    response = client.post("/strategy-call/", form_data("none"))
    assert response.status_code == 200
    assert "Tell us which days and times would suit you." in response.content.decode()
    assert not StrategyCallRequest.objects.exists()


def test_taken_slot_offers_the_nearest_free_times_and_keeps_the_details(client, rules):
    key = current_free_slots()[3].key
    submit_request(details(), key)
    response = client.post("/strategy-call/", form_data(key, name="Second Visitor"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "That time was just taken — here are the nearest free times." in html
    assert 'value="Second Visitor"' in html
    assert html.count('type="radio" name="slot"') == 6  # five alternatives and "none of these"
    assert StrategyCallRequest.objects.count() == 1
    # Choosing one of the alternatives books it.
    alternative = html.split('type="radio" name="slot" value="')[1].split('"')[0]
    again = client.post("/strategy-call/", form_data(alternative, name="Second Visitor"))
    assert again.status_code == 302
    assert Booking.objects.filter(status="active").count() == 2


def test_submit_request_raises_slot_taken_with_alternatives(rules):
    key = current_free_slots()[0].key
    submit_request(details(), key)
    with pytest.raises(SlotTaken) as taken:
        submit_request(details(email="other@example.org"), key)
    assert taken.value.alternatives
    assert key not in {slot.key for slot in taken.value.alternatives}
    assert StrategyCallRequest.objects.count() == 1  # the loser left nothing behind


def test_slot_outside_the_rules_is_refused(rules):
    with pytest.raises(SlotTaken):
        submit_request(details(), "2026-01-01T03:17Z")


def test_database_refuses_overlapping_bookings_directly(rules):
    lead = submit_request(details(), current_free_slots()[0].key)
    booking = lead.active_booking
    for start_offset in (timedelta(0), timedelta(minutes=10), timedelta(minutes=40)):
        with pytest.raises(IntegrityError) as error, transaction.atomic():
            Booking.objects.create(
                request=lead,
                start=booking.start + start_offset,
                end=booking.start + start_offset + timedelta(minutes=30),
                blocked_until=booking.start + start_offset + timedelta(minutes=45),
            )
        assert is_overlap_error(error.value)
    # Starting exactly when the buffer ends is fine; so is an overlap with a cancelled booking.
    Booking.objects.create(
        request=lead,
        start=booking.blocked_until,
        end=booking.blocked_until + timedelta(minutes=30),
        blocked_until=booking.blocked_until + timedelta(minutes=45),
    )
    Booking.objects.create(
        request=lead,
        start=booking.start,
        end=booking.end,
        blocked_until=booking.blocked_until,
        status="cancelled",
    )
    # Re-activating the cancelled copy by an update is refused too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(status="cancelled").update(status="active")


def test_cancel_frees_the_slot_and_the_link_works_once(client, rules):
    key = current_free_slots()[0].key
    lead = submit_request(details(), key)
    booking = lead.active_booking
    url = f"/strategy-call/manage/cancel/{manage_token(booking, 'cancel')}/"
    assert client.get(url).status_code == 200  # showing the page changes nothing
    assert Booking.objects.get().status == "active"
    assert client.post(url).status_code == 200
    booking.refresh_from_db()
    lead.refresh_from_db()
    assert booking.status == "cancelled" and lead.status == Status.CANCELLED
    assert lead.calendar_sequence == 1
    assert key in {slot.key for slot in current_free_slots()}
    assert client.post(url).status_code == 410  # single use
    assert client.get(url).status_code == 410
    with pytest.raises(BookingNotActive):
        cancel_booking(booking)


def test_reschedule_keeps_uid_and_rotates_links(client, rules):
    slots = current_free_slots()
    lead = submit_request(details(), slots[0].key)
    old = lead.active_booking
    token = manage_token(old, "reschedule")
    url = f"/strategy-call/manage/reschedule/{token}/"
    # The listing shows one day's times: ask for the day of the new slot (any time of day).
    day = slots[5].start.astimezone(zoneinfo.ZoneInfo("Europe/London")).date().isoformat()
    listing = client.get(url, {"tz": "Europe/London", "day": day})
    assert slots[5].key in listing.content.decode()
    confirm = client.get(url, {"slot": slots[5].key})
    assert "Move my call to this time" in confirm.content.decode()
    done = client.post(url, {"slot": slots[5].key, "tz": "Asia/Tokyo"})
    assert done.status_code == 200
    lead.refresh_from_db()
    assert lead.active_booking.start == slots[5].start
    assert lead.calendar_sequence == 1
    assert Booking.objects.get(pk=old.pk).status == "rescheduled"
    assert client.post(url, {"slot": slots[6].key}).status_code == 410
    assert slots[0].key in {slot.key for slot in current_free_slots()}


def test_reschedule_onto_a_taken_slot_keeps_the_old_booking(rules):
    slots = current_free_slots()
    mine = submit_request(details(), slots[0].key).active_booking
    submit_request(details(email="b@example.org"), slots[1].key)
    with pytest.raises(SlotTaken):
        reschedule_booking(mine, slots[1].key)
    mine.refresh_from_db()
    assert mine.status == "active"


def test_expired_or_forged_links_are_refused(client, rules, settings):
    booking = submit_request(details(), current_free_slots()[0].key).active_booking
    token = manage_token(booking, "cancel")
    assert client.get(f"/strategy-call/manage/cancel/{token}x/").status_code == 410
    assert client.get(f"/strategy-call/manage/reschedule/{token}/").status_code == 410  # wrong action
    settings.LEADS_LINK_MAX_AGE_DAYS = -1
    assert client.get(f"/strategy-call/manage/cancel/{token}/").status_code == 410


def test_old_thank_you_tokens_and_bad_ones_are_404(client, rules):
    assert client.get("/strategy-call/thanks/not-a-token/").status_code == 404
    assert client.get("/strategy-call/thanks/not-a-token/strategy-call.ics").status_code == 404


def test_request_row_exists_before_any_email_is_attempted(rules, mailoutbox):
    submit_request(details(), current_free_slots()[0].key, now=timezone.now())
    assert mailoutbox == []
    assert OutboundEmail.objects.exclude(kind="visitor_reminder").filter(status="pending").count() == 2


def test_a_time_that_left_the_booking_window_is_explained_with_alternatives(client, rules):
    response = client.post("/strategy-call/", form_data("2020-01-06T09:00Z"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "That time is no longer available — here are the nearest free times." in html
    assert 'type="radio" name="slot"' in html
    assert not StrategyCallRequest.objects.exists()
