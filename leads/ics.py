"""iCalendar invitations (RFC 5545 / iTIP): REQUEST for a booking, CANCEL for a cancellation."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from mindlab import site

from .models import AvailabilityRules, Booking, CallMethod, StrategyCallRequest


def event_uid(request: StrategyCallRequest) -> str:
    """The stable UID of a request's calendar event (kept across reschedules and cancellation)."""
    return f"{request.calendar_uid}@mindlab-strategy-call"


def organiser_address() -> str:
    """The practice's address as the invitation's organiser."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "hello@localhost"


def build_calendar(
    request: StrategyCallRequest,
    booking: Booking,
    *,
    method: str,
    practice_zone: str,
    dtstamp: datetime | None = None,
    rules: AvailabilityRules | None = None,
) -> str:
    """An iCalendar document for ``booking`` with ``method`` REQUEST, CANCEL or PUBLISH.

    Times are in the practice's zone; ``LOCATION`` says where the call happens (the video
    link, who calls whom, or the address), ``URL`` is the video link, and the description
    repeats how the call happens and where the privacy notice is.
    """
    if method not in {"REQUEST", "CANCEL", "PUBLISH"}:
        raise ValueError(f"Unsupported iTIP method {method!r}")
    zone = zoneinfo.ZoneInfo(practice_zone)
    rules = rules or AvailabilityRules.current()
    name = site.SITE_NAME
    calendar = Calendar()
    calendar.add("prodid", "-//MindLAB Neuroscience//Strategy call//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)

    event = Event()
    event.add("uid", event_uid(request))
    event.add("sequence", request.calendar_sequence)
    event.add("dtstamp", (dtstamp or timezone.now()).astimezone(UTC))
    event.add("dtstart", booking.start.astimezone(zone))
    event.add("dtend", booking.end.astimezone(zone))
    event.add("summary", f"Strategy call with {name}")
    event.add(
        "description",
        f"{rules.how_the_call_happens(request.phone)}\n\n"
        "Use the links in the confirmation email to cancel or reschedule.\n"
        f"Privacy notice: {settings.SITE_URL}{reverse('privacy')}",
    )
    event.add("location", rules.calendar_location(request.phone))
    if rules.call_method == CallMethod.VIDEO and rules.video_link:
        event.add("url", rules.video_link)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    organiser = vCalAddress(f"mailto:{organiser_address()}")
    organiser.params["cn"] = vText(name)
    event.add("organizer", organiser)
    if request.email:
        attendee = vCalAddress(f"mailto:{request.email}")
        attendee.params["cn"] = vText(request.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


def build_practice_feed(bookings, *, rules: AvailabilityRules) -> str:
    """The practice's private calendar: its upcoming calls, with who and what (METHOD:PUBLISH)."""
    zone = zoneinfo.ZoneInfo(rules.time_zone)
    calendar = Calendar()
    calendar.add("prodid", "-//MindLAB Neuroscience//Strategy calls feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{site.SITE_NAME}: strategy calls")
    now = timezone.now().astimezone(UTC)
    for booking in bookings:
        lead = booking.request
        event = Event()
        event.add("uid", event_uid(lead))
        event.add("sequence", lead.calendar_sequence)
        event.add("dtstamp", now)
        event.add("dtstart", booking.start.astimezone(zone))
        event.add("dtend", booking.end.astimezone(zone))
        event.add("summary", f"Strategy call: {lead.name}")
        lines = [
            rules.how_the_call_happens(lead.phone),
            f"Email: {lead.email}",
            f"Phone: {lead.phone or '-'}",
            f"Role: {lead.organisation or '-'}",
        ]
        if lead.message:
            lines += ["", lead.message]
        lines += ["", f"{settings.SITE_URL}{lead.get_admin_url()}"]
        event.add("description", "\n".join(lines))
        event.add("location", rules.calendar_location(lead.phone))
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")
