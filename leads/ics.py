"""iCalendar invitations (RFC 5545 / iTIP): REQUEST for a booking, CANCEL for a cancellation."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Booking, StrategyCallRequest


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
) -> str:
    """An iCalendar document for ``booking`` with ``method`` REQUEST or CANCEL, in the practice's zone."""
    if method not in {"REQUEST", "CANCEL", "PUBLISH"}:
        raise ValueError(f"Unsupported iTIP method {method!r}")
    zone = zoneinfo.ZoneInfo(practice_zone)
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
    event.add("summary", "Strategy call with MindLAB Neuroscience")
    event.add(
        "description", "Your strategy call. Use the links in the confirmation email to cancel or reschedule."
    )
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    organiser = vCalAddress(f"mailto:{organiser_address()}")
    organiser.params["cn"] = vText("MindLAB Neuroscience")
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
