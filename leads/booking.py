"""Creating, cancelling and moving bookings; the database has the last word on overlaps."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import notifications
from .availability import RuleSet, Slot, current_free_slots, find_slot, nearest_free
from .consent import current_version
from .models import OVERLAP_CONSTRAINT, Booking, Status, StrategyCallRequest

OVERLAP_MARKERS = (OVERLAP_CONSTRAINT,)


class SlotTaken(Exception):
    """The chosen time is no longer free; ``alternatives`` are the nearest free slots."""

    def __init__(self, alternatives: list[Slot], *, offered: bool = True) -> None:
        super().__init__("That time was just taken." if offered else "That time is no longer offered.")
        self.alternatives = alternatives
        self.offered = offered  # False: the time left the booking window or was never a slot


class BookingNotActive(Exception):
    """The booking was cancelled or moved already."""


@dataclass
class RequestDetails:
    """What a visitor submitted, already validated by the form."""

    name: str
    email: str
    phone: str = ""
    organisation: str = ""
    message: str = ""
    preferred_times: str = ""
    visitor_time_zone: str = ""
    updates_opt_in: bool = False
    attribution: dict[str, str] = field(default_factory=dict)


def is_overlap_error(error: IntegrityError) -> bool:
    """True if ``error`` is the database refusing overlapping bookings (either backend)."""
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) == "23P01":  # PostgreSQL exclusion_violation
        return True
    return any(marker in str(error) for marker in OVERLAP_MARKERS)


def submission_key(form_token: str) -> str:
    """The idempotency key of one rendering of the booking form.

    ``form_token`` is the form's hidden ``started`` token, which is signed and carries a
    nonce, so every rendering has its own. The key is its SHA-256 (fixed length, and the
    signed token itself is not stored).
    """
    return hashlib.sha256(form_token.encode()).hexdigest()


def earlier_submission(key: str) -> StrategyCallRequest | None:
    """The request already stored from the form with idempotency key ``key``, if any."""
    return StrategyCallRequest.objects.filter(submission_key=key).first()


def _alternatives(target: datetime, now: datetime | None, rules: RuleSet | None) -> list[Slot]:
    return nearest_free(target, current_free_slots(now, rules))


def _insert_booking(request: StrategyCallRequest, slot: Slot) -> Booking:
    """Insert the booking; the friendly check first, the constraint/trigger as the guarantee."""
    clash = Booking.objects.filter(
        status=Booking.State.ACTIVE, start__lt=slot.blocked_until, blocked_until__gt=slot.start
    ).exists()
    if clash:
        raise IntegrityError(f"{OVERLAP_CONSTRAINT} (checked before insert)")
    return Booking.objects.create(
        request=request, start=slot.start, end=slot.end, blocked_until=slot.blocked_until
    )


def submit_request(
    details: RequestDetails,
    slot_key: str | None,
    *,
    now: datetime | None = None,
    key: str | None = None,
    review_reason: str = "",
) -> StrategyCallRequest:
    """Store a request (and its booking, if a slot was chosen) and queue its emails, atomically.

    ``key`` is the form's idempotency key (``submission_key``): if a request with that key
    exists, or another submission of the same form stores one first, that request is
    returned and nothing new is stored or sent. The unique constraint on the key decides
    a race (on PostgreSQL the second insert waits for the first transaction to finish).
    Raises ``SlotTaken`` with the nearest free times if the slot is gone.

    ``review_reason`` (a ``ReviewReason``) stores a request that looked automated as any
    other, its time held, flagged for intake to confirm or mark as spam (``mark_spam``).
    """
    if key and (earlier := earlier_submission(key)) is not None:
        return earlier
    now = now or timezone.now()
    rules = RuleSet.from_db()
    slot = None
    if slot_key:
        slot = find_slot(slot_key, now, rules)
        if slot is None:
            raise SlotTaken(_alternatives(_parse_key(slot_key) or now, now, rules), offered=False)
    attribution = details.attribution
    try:
        with transaction.atomic():
            request = StrategyCallRequest.objects.create(
                name=details.name,
                email=details.email,
                phone=details.phone,
                organisation=details.organisation,
                message=details.message,
                preferred_times=details.preferred_times,
                visitor_time_zone=details.visitor_time_zone,
                updates_opt_in=details.updates_opt_in,
                consent_version=current_version(),
                consent_at=now,
                source_page=attribution.get("from", ""),
                referrer=attribution.get("referrer", ""),
                utm_source=attribution.get("utm_source", ""),
                utm_medium=attribution.get("utm_medium", ""),
                utm_campaign=attribution.get("utm_campaign", ""),
                utm_term=attribution.get("utm_term", ""),
                utm_content=attribution.get("utm_content", ""),
                status=Status.SCHEDULED if slot else Status.NEEDS_SCHEDULING,
                submission_key=key or "",
                review_reason=review_reason,
                created_at=now,
            )
            booking = _insert_booking(request, slot) if slot else None
            notifications.request_created(request, booking)
    except IntegrityError as error:
        if key and (earlier := earlier_submission(key)) is not None:
            return earlier  # the same form, stored by a concurrent submission
        if slot is None or not is_overlap_error(error):
            raise
        raise SlotTaken(_alternatives(slot.start, now, rules)) from error
    return request


def cancel_booking(
    booking: Booking, *, now: datetime | None = None, notify: bool = True, reason: str = ""
) -> Booking:
    """Cancel an active booking (freeing its time) and queue METHOD:CANCEL; single use.

    ``reason`` is what the visitor said (optional), kept on the request.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Booking.objects.select_for_update().select_related("request").get(pk=booking.pk)
        if locked.status != Booking.State.ACTIVE:
            raise BookingNotActive
        request = locked.request
        locked.status = Booking.State.CANCELLED
        locked.cancelled_at = now
        locked.link_nonce = _new_nonce()
        locked.save(update_fields=["status", "cancelled_at", "link_nonce"])
        request.calendar_sequence += 1
        request.status = Status.CANCELLED
        fields = ["calendar_sequence", "status", "updated_at"]
        if reason:
            request.cancellation_reason = reason
            fields.append("cancellation_reason")
        request.save(update_fields=fields)
        if notify:
            notifications.booking_cancelled(request, locked)
        else:
            notifications.booking_released(locked)
    return locked


def mark_spam(request: StrategyCallRequest) -> int:
    """Intake says a request is spam: its held time is freed (nobody is emailed). Returns bookings freed."""
    freed = 0
    with transaction.atomic():
        for booking in request.bookings.filter(status=Booking.State.ACTIVE):
            try:
                cancel_booking(booking, notify=False)
            except BookingNotActive:
                continue
            freed += 1
        StrategyCallRequest.objects.filter(pk=request.pk).update(
            status=Status.SPAM, updated_at=timezone.now()
        )
    request.status = Status.SPAM
    return freed


def reschedule_booking(booking: Booking, slot_key: str, *, now: datetime | None = None) -> Booking:
    """Move an active booking to another free slot: same calendar UID, next SEQUENCE.

    Raises ``SlotTaken`` (the old booking stays) or ``BookingNotActive``.
    """
    now = now or timezone.now()
    rules = RuleSet.from_db()
    slot = find_slot(slot_key, now, rules)
    if slot is None:
        raise SlotTaken(_alternatives(_parse_key(slot_key) or now, now, rules), offered=False)
    try:
        with transaction.atomic():
            old = Booking.objects.select_for_update().select_related("request").get(pk=booking.pk)
            if old.status != Booking.State.ACTIVE:
                raise BookingNotActive
            old.status = Booking.State.RESCHEDULED
            old.cancelled_at = now
            old.link_nonce = _new_nonce()
            old.save(update_fields=["status", "cancelled_at", "link_nonce"])
            request = old.request
            new = _insert_booking(request, slot)
            request.calendar_sequence += 1
            request.status = Status.SCHEDULED
            request.save(update_fields=["calendar_sequence", "status", "updated_at"])
            notifications.booking_moved(request, new, old)
    except IntegrityError as error:
        if not is_overlap_error(error):
            raise
        raise SlotTaken(_alternatives(slot.start, now, rules)) from error
    return new


def _new_nonce() -> uuid.UUID:
    return uuid.uuid4()


def _parse_key(key: str) -> datetime | None:
    try:
        return datetime.strptime(key, "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def book_for_request(request: StrategyCallRequest, slot_key: str, *, now: datetime | None = None) -> Booking:
    """Intake books a free time for a request that needs scheduling: the time is held and the
    visitor gets the invitation (with reminders), as if they had chosen it.

    Raises ``SlotTaken`` if the time is not free, ``BookingNotActive`` if the request
    already has a booked time.
    """
    now = now or timezone.now()
    rules = RuleSet.from_db()
    slot = find_slot(slot_key, now, rules)
    if slot is None:
        raise SlotTaken(_alternatives(_parse_key(slot_key) or now, now, rules), offered=False)
    try:
        with transaction.atomic():
            locked = StrategyCallRequest.objects.select_for_update().get(pk=request.pk)
            if locked.bookings.filter(status=Booking.State.ACTIVE).exists():
                raise BookingNotActive("This request already has a booked time.")
            booking = _insert_booking(locked, slot)
            locked.status = Status.SCHEDULED
            locked.save(update_fields=["status", "updated_at"])
            notifications.booked_by_intake(locked, booking)
    except IntegrityError as error:
        if not is_overlap_error(error):
            raise
        raise SlotTaken(_alternatives(slot.start, now, rules)) from error
    return booking
