"""What a prospective client sees: the month calendar, the zone picker, how the call happens,
errors, the cancel and reschedule pages, and the .ics files along the way."""

from __future__ import annotations

import re
import zoneinfo
from datetime import timedelta

import pytest
from icalendar import Calendar

from leads.availability import current_free_slots, group_by_local_day
from leads.booking import RequestDetails, submit_request
from leads.links import manage_url
from leads.models import Booking, CallMethod, OutboundEmail, StrategyCallRequest
from tests.leads.conftest import form_data, slot_keys, thanks_request_id

pytestmark = pytest.mark.django_db


def test_step_one_is_a_month_calendar_with_one_days_times(client, rules):
    html = client.get("/strategy-call/?tz=Europe/London").content.decode()
    days = group_by_local_day(current_free_slots(), zoneinfo.ZoneInfo("Europe/London"))
    first_day, first_entries = days[0]
    # Only the first free day's times are listed, not every slot of the coming weeks.
    assert slot_keys(html) == [slot.key for _local, slot in first_entries]
    assert 'aria-current="date"' in html
    # Every other free day is a plain link (no JavaScript needed) that lists its own times.
    second_day, second_entries = days[1]
    link = re.search(rf'href="([^"]*day={second_day.isoformat()}[^"]*)"', html).group(1).replace("&amp;", "&")
    other = client.get("/strategy-call/" + link.split("#")[0]).content.decode()
    assert slot_keys(other) == [slot.key for _local, slot in second_entries]
    assert f"{first_day:%B %Y}" in html


def test_days_without_free_times_are_not_links(client, rules):
    html = client.get("/strategy-call/?tz=Europe/London").content.decode()
    saturdays = re.findall(r'aria-label="Saturday[^"]*"', html)
    assert saturdays == []  # the practice works Monday to Friday
    assert 'class="calendar-day is-full"' in html


def test_zone_picker_lists_common_zones_first_with_the_time_there(client, rules):
    html = client.get("/strategy-call/?tz=Asia/Tokyo").content.decode()
    common = html.index('<optgroup label="Common time zones">')
    every = html.index('<optgroup label="All time zones">')
    assert common < html.index('value="America/New_York"') < every
    assert re.search(r'<option value="Asia/Tokyo" selected>Asia/Tokyo \(\d{2}:\d{2}\)</option>', html)
    assert "Time now in Asia/Tokyo" in html


@pytest.mark.parametrize(
    ("language", "pattern"),
    [
        ("en-US,en;q=0.8", r"data-local-time>\d{1,2}:\d{2} (AM|PM)</time>"),
        ("en-GB", r"data-local-time>\d{2}:\d{2}</time>"),
    ],
)
def test_times_follow_the_visitors_clock(client, rules, language, pattern):
    html = client.get("/strategy-call/?tz=America/New_York", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert re.search(pattern, html)


def test_how_the_call_happens_is_on_every_page_email_and_invitation(client, rules):
    rules.call_method = CallMethod.IN_PERSON
    rules.meeting_address = "MindLAB Neuroscience\n12 Example Street\nLondon W1"
    rules.save()
    where = "MindLAB Neuroscience, 12 Example Street, London W1"
    assert where in client.get("/strategy-call/").content.decode()
    key = current_free_slots()[0].key
    assert where in client.get("/strategy-call/", {"slot": key}).content.decode()
    response = client.post("/strategy-call/", form_data(key))
    assert where in client.get(response["Location"]).content.decode()
    lead = StrategyCallRequest.objects.get(pk=thanks_request_id(response))
    for email in lead.emails.all():
        assert where in email.body, email.kind
    invitation = Calendar.from_ical(lead.emails.get(kind="visitor_confirmation").ics)
    assert str(invitation.walk("VEVENT")[0]["LOCATION"]) == where
    download = client.get(response["Location"] + "strategy-call.ics")
    assert "LOCATION:MindLAB Neuroscience\\, 12 Example Street\\, London W1" in download.content.decode()


def test_a_video_call_invitation_carries_the_link_as_location_and_url(rules):
    rules.call_method = CallMethod.VIDEO
    rules.video_link = "https://meet.example.org/mindlab"
    rules.save()
    lead = submit_request(RequestDetails(name="Ada", email="ada@example.org"), current_free_slots()[0].key)
    event = Calendar.from_ical(lead.emails.get(kind="visitor_confirmation").ics).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "https://meet.example.org/mindlab"
    assert str(event["URL"]) == "https://meet.example.org/mindlab"
    assert "join at https://meet.example.org/mindlab" in str(event["DESCRIPTION"])


def test_when_we_call_the_client_the_form_requires_their_phone(client, rules):
    rules.call_method = CallMethod.PHONE_WE_CALL
    rules.save()
    key = current_free_slots()[0].key
    step2 = client.get("/strategy-call/", {"slot": key}).content.decode()
    assert 'type="tel"' in step2 and "we will call you" in step2.lower()
    response = client.post("/strategy-call/", form_data(key, phone=""))
    assert "Please give the number we should call you on." in response.content.decode()
    assert not StrategyCallRequest.objects.exists()


def test_errors_are_summarised_at_the_top_with_links_and_values_kept(client, rules):
    response = client.post(
        "/strategy-call/", form_data(current_free_slots()[0].key, email="nope", consent=None)
    )
    html = response.content.decode()
    summary = html.index("data-error-summary")
    assert summary < html.index('name="name"')
    assert 'href="#id_email"' in html and 'href="#id_consent"' in html
    assert 'value="Grace Hopper"' in html and 'value="nope"' in html
    assert "Leading through a reorganisation." in html


def test_privacy_notice_is_linked_from_the_form_the_footer_and_emails(client, rules):
    key = current_free_slots()[0].key
    step2 = client.get("/strategy-call/", {"slot": key}).content.decode()
    consent = step2.index('name="consent"')
    assert step2.index('href="/privacy/"', consent) > consent  # beside the consent line
    assert step2.count('href="/privacy/"') >= 2  # and in the footer
    notice = client.get("/privacy/")
    assert notice.status_code == 200 and "What we collect" in notice.content.decode()
    response = client.post("/strategy-call/", form_data(key))
    lead = StrategyCallRequest.objects.get(pk=thanks_request_id(response))
    assert lead.consent_version == "2026-11"
    for email in OutboundEmail.objects.filter(request=lead):
        assert "http://testserver/privacy/" in email.body or "/privacy/" in email.body, email.kind


@pytest.mark.parametrize("slot", ["2026-12-03T24:00Z", "2026-02-30T10:00Z", "2026-13-01T10:00Z"])
def test_a_reschedule_link_with_an_impossible_time_is_a_clear_4xx(client, rules, slot):
    lead = submit_request(RequestDetails(name="Ada", email="ada@example.org"), current_free_slots()[0].key)
    url = manage_url(lead.active_booking, "reschedule", absolute=False)
    for response in (client.get(url, {"slot": slot}), client.post(url, {"slot": slot})):
        assert response.status_code == 400
        assert "That is not a time we offer" in response.content.decode()


@pytest.mark.parametrize("char", ["\x01", "\x0b", "\x1f", "\x7f", "\x00"])
@pytest.mark.parametrize("field", ["name", "phone", "organisation", "message", "preferred_times", "email"])
def test_control_characters_are_refused_with_a_message_in_every_field(client, rules, field, char):
    value = f"grace{char}@example.org" if field == "email" else f"Grace{char}Hopper"
    response = client.post("/strategy-call/", form_data(current_free_slots()[0].key, **{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"control characters|Null characters are not allowed|valid email", html)
    assert not StrategyCallRequest.objects.exists()


def test_tabs_and_line_breaks_in_one_line_fields_are_tidied(client, rules):
    response = client.post(
        "/strategy-call/",
        form_data(current_free_slots()[0].key, name="Grace\tHopper\r\n", message="a\r\n\tb"),
    )
    lead = StrategyCallRequest.objects.get(pk=thanks_request_id(response))
    assert lead.name == "Grace Hopper"
    assert lead.message.replace("\r\n", "\n") == "a\n\tb"  # a tab kept in a message


def test_cancel_with_a_reason_or_reschedule_instead_and_ics_after(client, rules):
    lead = submit_request(RequestDetails(name="Ada", email="ada@example.org"), current_free_slots()[0].key)
    booking = lead.active_booking
    cancel_url = manage_url(booking, "cancel", absolute=False)
    page = client.get(cancel_url).content.decode()
    assert "Reschedule instead" in page
    reschedule = re.search(r'href="(/strategy-call/manage/reschedule/[^"]+)"', page).group(1)
    assert client.get(reschedule).status_code == 200

    done = client.post(cancel_url, {"reason": "My diary\x01changed"})
    assert "control characters" in done.content.decode()  # refused, nothing cancelled
    assert Booking.objects.get(pk=booking.pk).status == Booking.State.ACTIVE
    done = client.post(cancel_url, {"reason": "My diary changed"}).content.decode()
    assert "Your call is cancelled" in done
    lead.refresh_from_db()
    assert lead.cancellation_reason == "My diary changed"
    assert "My diary changed" in lead.emails.filter(kind="practice_notification").latest("pk").body
    ics_link = re.search(r'href="([^"]+strategy-call\.ics)"', done).group(1)
    cancelled = client.get(ics_link).content.decode()
    assert "METHOD:CANCEL" in cancelled and "STATUS:CANCELLED" in cancelled


def test_the_moved_page_offers_the_new_time_as_ics(client, rules):
    slots = current_free_slots()
    lead = submit_request(RequestDetails(name="Ada", email="ada@example.org"), slots[0].key)
    url = manage_url(lead.active_booking, "reschedule", absolute=False)
    done = client.post(url, {"slot": slots[5].key}).content.decode()
    assert "Your call has moved" in done
    ics_link = re.search(r'href="([^"]+strategy-call\.ics)"', done).group(1)
    event = Calendar.from_ical(client.get(ics_link).content).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == slots[5].start


def test_reminders_are_queued_24_and_1_hours_before_and_dropped_when_the_call_changes(rules):
    slots = current_free_slots()
    target = next(s for s in slots if s.start - timedelta(hours=25) > slots[0].start - timedelta(hours=24))
    lead = submit_request(RequestDetails(name="Ada", email="ada@example.org"), target.key)
    reminders = lead.emails.filter(kind="visitor_reminder").order_by("next_attempt_at")
    assert [target.start - r.next_attempt_at for r in reminders] == [timedelta(hours=24), timedelta(hours=1)]
    assert all("/manage/cancel/" in r.body and "/manage/reschedule/" in r.body for r in reminders)
    from leads.booking import reschedule_booking

    reschedule_booking(lead.active_booking, slots[-1].key)
    statuses = dict(
        OutboundEmail.objects.filter(kind="visitor_reminder")
        .values_list("booking__start", "status")
        .distinct()
    )
    assert statuses[target.start] == "not_needed"
    assert statuses[slots[-1].start] == "pending"


def test_intake_sees_practice_times_cannot_edit_the_clients_words_nor_delete_the_rules(admin_client, rules):
    lead = submit_request(
        RequestDetails(name="Ada", email="ada@example.org", message="Mine"), current_free_slots()[0].key
    )
    listing = admin_client.get("/admin/leads/strategycallrequest/").content.decode()
    local = lead.active_booking.start.astimezone(zoneinfo.ZoneInfo("Europe/London"))
    assert f"{local:%a %d %b %Y, %H:%M}" in listing and "Booked (Europe/London)" in listing
    form = admin_client.get(f"/admin/leads/strategycallrequest/{lead.pk}/change/").content.decode()
    assert 'name="message"' not in form and 'name="name"' not in form and "Mine" in form
    delete = admin_client.get(f"/admin/leads/availabilityrules/{rules.pk}/delete/")
    assert delete.status_code == 403


def test_the_csv_keeps_what_they_wrote_and_the_time_after_a_cancellation(admin_client, rules):
    from leads.booking import cancel_booking

    lead = submit_request(
        RequestDetails(
            name="Ada", email="ada@example.org", message="Team conflict", preferred_times="Mornings"
        ),
        current_free_slots()[0].key,
    )
    start = lead.active_booking.start
    cancel_booking(lead.active_booking, reason="Travel")
    response = admin_client.post(
        "/admin/leads/strategycallrequest/", {"action": "export_csv", "_selected_action": [lead.pk]}
    )
    body = response.content.decode()
    assert "Team conflict" in body and "Mornings" in body and "Travel" in body
    assert start.isoformat() in body and "Cancelled" in body


def test_the_practice_subscribes_to_a_private_revocable_calendar_of_upcoming_calls(
    admin_client, client, rules
):
    lead = submit_request(
        RequestDetails(name="Ada Lovelace", email="ada@example.org", message="Board tension"),
        current_free_slots()[0].key,
    )
    assert client.get("/strategy-call/calendar/anything/calls.ics").status_code == 404  # off by default
    admin_client.post(
        "/admin/leads/availabilityrules/", {"action": "new_calendar_feed", "_selected_action": [rules.pk]}
    )
    rules.refresh_from_db()
    address = f"/strategy-call/calendar/{rules.calendar_feed_token}/calls.ics"
    feed = client.get(address)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(feed.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Strategy call: Ada Lovelace"
    assert "Board tension" in str(event["DESCRIPTION"])
    assert event.decoded("DTSTART") == lead.active_booking.start
    assert (
        client.get(
            address.replace(
                rules.calendar_feed_token,
                ("y" if rules.calendar_feed_token.startswith("x") else "x") + rules.calendar_feed_token[1:],
            )
        ).status_code
        == 404
    )
    admin_client.post(
        "/admin/leads/availabilityrules/", {"action": "new_calendar_feed", "_selected_action": [rules.pk]}
    )
    assert client.get(address).status_code == 404  # the old address is revoked


def test_intake_books_a_time_for_a_request_that_needs_scheduling(admin_client, rules):
    lead = submit_request(
        RequestDetails(name="Ada", email="ada@example.org", preferred_times="Tuesdays"), None
    )
    page = admin_client.get(f"/admin/leads/strategycallrequest/{lead.pk}/change/").content.decode()
    assert f"/admin/leads/strategycallrequest/{lead.pk}/book/" in page
    form = admin_client.get(f"/admin/leads/strategycallrequest/{lead.pk}/book/").content.decode()
    slot = current_free_slots()[2]
    local = slot.start.astimezone(zoneinfo.ZoneInfo("Europe/London"))
    assert f"{local:%a} {local.day} {local:%b %Y, %H:%M}" in form and "Tuesdays" in form
    response = admin_client.post(f"/admin/leads/strategycallrequest/{lead.pk}/book/", {"slot": slot.key})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == "scheduled" and lead.active_booking.start == slot.start
    assert slot.key not in {s.key for s in current_free_slots()}
    invitation = lead.emails.get(kind="visitor_confirmation")
    assert invitation.ics and "/manage/cancel/" in invitation.body
    again = admin_client.post(
        f"/admin/leads/strategycallrequest/{lead.pk}/book/", {"slot": current_free_slots()[0].key}
    )
    assert "already has a booked time" in again.content.decode()
