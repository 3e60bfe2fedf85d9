"""Outgoing email about requests: written to the outbox in the caller's transaction.

Nothing here talks to a mail server; ``leads.tasks.deliver_email`` does, later.
The practice's notification never carries the visitor's free-text message.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.template.loader import render_to_string

from . import ics
from .links import manage_url
from .models import AvailabilityRules, Booking, OutboundEmail, StrategyCallRequest
from .tasks import enqueue_delivery


def _queue(
    request: StrategyCallRequest, kind: str, to: list[str], subject: str, body: str, **extra
) -> OutboundEmail:
    email = OutboundEmail.objects.create(
        request=request, kind=kind, to=", ".join(to), subject=subject, body=body, **extra
    )
    enqueue_delivery(email)
    return email


def _times(booking: Booking | None, request: StrategyCallRequest, practice_zone: str) -> dict:
    if booking is None:
        return {}
    visitor_zone = request.visitor_time_zone or practice_zone
    return {
        "practice_zone": practice_zone,
        "visitor_zone": visitor_zone,
        "practice_start": booking.start.astimezone(zoneinfo.ZoneInfo(practice_zone)),
        "practice_end": booking.end.astimezone(zoneinfo.ZoneInfo(practice_zone)),
        "visitor_start": booking.start.astimezone(zoneinfo.ZoneInfo(visitor_zone)),
        "visitor_end": booking.end.astimezone(zoneinfo.ZoneInfo(visitor_zone)),
    }


def _context(request: StrategyCallRequest, booking: Booking | None, **extra) -> dict:
    practice_zone = AvailabilityRules.current().time_zone
    return {
        "lead": request,
        "booking": booking,
        "site_url": settings.SITE_URL,
        "admin_url": f"{settings.SITE_URL}{request.get_admin_url()}",
        **_times(booking, request, practice_zone),
        **extra,
    }


def _practice_notice(request: StrategyCallRequest, booking: Booking | None, event: str) -> None:
    context = _context(request, booking, event=event)
    when = f" for {context['practice_start']:%a %d %b %H:%M}" if booking else ""
    subject = {
        "new": f"New strategy-call request{when}",
        "cancelled": f"Strategy call cancelled{when}",
        "rescheduled": f"Strategy call moved{when}",
    }[event]
    body = render_to_string("leads/email/practice_notification.txt", context)
    _queue(
        request,
        OutboundEmail.Kind.PRACTICE_NOTIFICATION,
        settings.PRACTICE_NOTIFICATION_EMAILS,
        subject,
        body,
    )


def _visitor_confirmation(request: StrategyCallRequest, booking: Booking, *, moved: bool) -> None:
    context = _context(
        request,
        booking,
        moved=moved,
        cancel_url=manage_url(booking, "cancel"),
        reschedule_url=manage_url(booking, "reschedule"),
    )
    body = render_to_string("leads/email/visitor_confirmation.txt", context)
    calendar = ics.build_calendar(request, booking, method="REQUEST", practice_zone=context["practice_zone"])
    subject = "Your strategy call has moved" if moved else "Your strategy call is booked"
    _queue(
        request,
        OutboundEmail.Kind.VISITOR_CONFIRMATION,
        [request.email],
        f"{subject}: {context['visitor_start']:%a %d %b, %H:%M} ({context['visitor_zone']})",
        body,
        ics=calendar,
        ics_method="REQUEST",
    )


def request_created(request: StrategyCallRequest, booking: Booking | None) -> None:
    """Queue the visitor's confirmation (or receipt) and the practice's notification."""
    if booking is not None:
        _visitor_confirmation(request, booking, moved=False)
    else:
        body = render_to_string("leads/email/visitor_received.txt", _context(request, None))
        _queue(
            request,
            OutboundEmail.Kind.VISITOR_RECEIVED,
            [request.email],
            "We have your strategy-call request",
            body,
        )
    _practice_notice(request, booking, "new")


def booking_cancelled(request: StrategyCallRequest, booking: Booking) -> None:
    """Queue METHOD:CANCEL to the visitor (same UID) and tell the practice."""
    context = _context(request, booking)
    calendar = ics.build_calendar(request, booking, method="CANCEL", practice_zone=context["practice_zone"])
    body = render_to_string("leads/email/visitor_cancellation.txt", context)
    _queue(
        request,
        OutboundEmail.Kind.VISITOR_CANCELLATION,
        [request.email],
        "Your strategy call is cancelled",
        body,
        ics=calendar,
        ics_method="CANCEL",
    )
    _practice_notice(request, booking, "cancelled")


def booking_moved(request: StrategyCallRequest, booking: Booking) -> None:
    """Queue the updated invitation (same UID, higher SEQUENCE) and tell the practice."""
    _visitor_confirmation(request, booking, moved=True)
    _practice_notice(request, booking, "rescheduled")
