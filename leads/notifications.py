"""Outgoing email about requests: written to the outbox in the caller's transaction.

Nothing here talks to a mail server; ``leads.tasks.deliver_email`` does, later.
Every email to a visitor says how the call happens and links to the privacy notice.
Reminders are queued with the booking (24 hours and 1 hour before) and dropped when it
is cancelled or moved.
"""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mindlab import site

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


REMINDERS = (timedelta(hours=24), timedelta(hours=1))


def _context(request: StrategyCallRequest, booking: Booking | None, **extra) -> dict:
    rules = AvailabilityRules.current()
    practice_zone = rules.time_zone
    record = site.settings()
    return {
        "lead": request,
        "booking": booking,
        "site_name": record.organisation_name,
        "contact_email": record.contact_email,
        "call_how": rules.how_the_call_happens(request.phone),
        "site_url": settings.SITE_URL,
        "privacy_url": f"{settings.SITE_URL}{reverse('privacy')}",
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


def _queue_reminders(request: StrategyCallRequest, booking: Booking) -> None:
    """Reminders 24 hours and 1 hour before the call (those still in the future)."""
    now = timezone.now()
    context = _context(
        request,
        booking,
        cancel_url=manage_url(booking, "cancel"),
        reschedule_url=manage_url(booking, "reschedule"),
    )
    for before in REMINDERS:
        send_at = booking.start - before
        if send_at <= now:
            continue
        hours = int(before.total_seconds() // 3600)
        body = render_to_string("leads/email/visitor_reminder.txt", {**context, "hours": hours})
        when = "tomorrow" if hours == 24 else "in one hour"
        email = OutboundEmail.objects.create(
            request=request,
            booking=booking,
            kind=OutboundEmail.Kind.VISITOR_REMINDER,
            to=request.email,
            subject=f"Reminder: your strategy call {when}, {context['visitor_start']:%H:%M} ({context['visitor_zone']})",
            body=body,
            next_attempt_at=send_at,
        )
        enqueue_delivery(email, run_after=send_at)


def _drop_reminders(booking: Booking) -> None:
    OutboundEmail.objects.filter(
        booking=booking, kind=OutboundEmail.Kind.VISITOR_REMINDER, status=OutboundEmail.State.PENDING
    ).update(status=OutboundEmail.State.NOT_NEEDED, next_attempt_at=None)


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
    _queue_reminders(request, booking)


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
    _drop_reminders(booking)
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


def booking_released(booking: Booking) -> None:
    """A booking freed without telling the visitor (marked as spam): its reminders are dropped."""
    _drop_reminders(booking)


def booking_moved(request: StrategyCallRequest, booking: Booking, old: Booking | None = None) -> None:
    """Queue the updated invitation (same UID, higher SEQUENCE) and tell the practice."""
    if old is not None:
        _drop_reminders(old)
    _visitor_confirmation(request, booking, moved=True)
    _practice_notice(request, booking, "rescheduled")


def booked_by_intake(request: StrategyCallRequest, booking: Booking) -> None:
    """Intake booked a time for the visitor: they get the invitation and reminders."""
    _visitor_confirmation(request, booking, moved=False)
