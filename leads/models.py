"""Strategy-call requests, bookings, the practice's availability rules and outgoing email.

Times are stored in UTC. A booking blocks ``[start, end + buffer)``; the database refuses
two active bookings whose blocked ranges overlap: on PostgreSQL the exclusion constraint
declared on ``Booking`` (see ``leads.constraints``), on SQLite the triggers of
``leads.db_guard`` (migration 0002).
"""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import time, timedelta

from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from mindlab.plain_text import RefusesControlCharacters

from .constraints import PostgreSQLExclusionConstraint, TsTzRange

OVERLAP_CONSTRAINT = "leads_booking_no_overlap"


class CallMethod(models.TextChoices):
    VIDEO = "video", "Video call (link)"
    PHONE_WE_CALL = "phone_we_call", "Phone: we call the client"
    PHONE_CLIENT_CALLS = "phone_client_calls", "Phone: the client calls us"
    IN_PERSON = "in_person", "In person (address)"


class AvailabilityRules(RefusesControlCharacters, models.Model):
    """The practice's booking rules. One row is used (the first); the admin keeps it single."""

    time_zone = models.CharField(
        max_length=64, default="Europe/London", help_text="IANA name, e.g. Europe/London."
    )
    call_minutes = models.PositiveSmallIntegerField("call length (minutes)", default=30)
    buffer_minutes = models.PositiveSmallIntegerField("buffer between calls (minutes)", default=15)
    minimum_notice_hours = models.PositiveSmallIntegerField(default=24)
    horizon_days = models.PositiveSmallIntegerField("booking horizon (days)", default=30)
    call_method = models.CharField(
        "how calls take place", max_length=20, choices=CallMethod.choices, default=CallMethod.VIDEO
    )
    video_link = models.URLField(
        blank=True, help_text="Video calls: the meeting link sent to clients (e.g. your personal room)."
    )
    practice_phone = models.CharField(
        "practice phone", max_length=40, blank=True, help_text="When clients call you: the number to call."
    )
    meeting_address = models.TextField(
        blank=True, max_length=500, help_text="In-person meetings: the full address."
    )
    # The secret in the practice's private calendar address; empty: no feed. A new one revokes the old.
    calendar_feed_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = "availability rules"
        verbose_name_plural = "availability rules"
        constraints = [
            models.CheckConstraint(condition=Q(call_minutes__gte=5), name="leads_rules_call_min_5"),
            models.CheckConstraint(condition=Q(horizon_days__gte=1), name="leads_rules_horizon_min_1"),
        ]

    def __str__(self) -> str:
        return f"Availability in {self.time_zone}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        needed = {
            CallMethod.VIDEO: ("video_link", "Give the video link clients will join."),
            CallMethod.PHONE_CLIENT_CALLS: ("practice_phone", "Give the number clients should call."),
            CallMethod.IN_PERSON: ("meeting_address", "Give the address of the meeting."),
        }.get(self.call_method)
        if needed and not getattr(self, needed[0]).strip():
            raise ValidationError({needed[0]: needed[1]})

    @property
    def client_gives_phone(self) -> bool:
        """We call the client: the booking form asks for their number (required)."""
        return self.call_method == CallMethod.PHONE_WE_CALL

    def how_the_call_happens(self, client_phone: str = "") -> str:
        """One sentence for pages, emails and calendar descriptions."""
        if self.call_method == CallMethod.VIDEO:
            if self.video_link:
                return f"By video: join at {self.video_link}"
            return "By video: the link will be sent to you before the call."
        if self.call_method == CallMethod.PHONE_WE_CALL:
            return f"By phone: we will call you{f' on {client_phone}' if client_phone else ''}."
        if self.call_method == CallMethod.PHONE_CLIENT_CALLS:
            return f"By phone: please call us on {self.practice_phone}."
        return f"In person at {self.single_line_address}."

    @property
    def single_line_address(self) -> str:
        return ", ".join(line.strip() for line in self.meeting_address.splitlines() if line.strip())

    def calendar_location(self, client_phone: str = "") -> str:
        """What an invitation's LOCATION says."""
        if self.call_method == CallMethod.VIDEO:
            return self.video_link or "Video call (link to follow)"
        if self.call_method == CallMethod.PHONE_WE_CALL:
            return f"Phone: we call you{f' on {client_phone}' if client_phone else ''}"
        if self.call_method == CallMethod.PHONE_CLIENT_CALLS:
            return f"Phone: call {self.practice_phone}"
        return self.single_line_address

    @classmethod
    def current(cls) -> AvailabilityRules:
        """The rules in force (created with defaults and Mon–Thu 09:00–17:00 if none exist)."""
        rules = cls.objects.order_by("pk").first()
        if rules is None:
            rules = cls.objects.create()
            WeeklyWindow.objects.bulk_create(
                WeeklyWindow(rules=rules, weekday=day, start_time=time(9), end_time=time(17))
                for day in range(4)
            )
        return rules


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WeeklyWindow(RefusesControlCharacters, models.Model):
    """A recurring window of availability, in the practice's local (wall-clock) time."""

    rules = models.ForeignKey(AvailabilityRules, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="leads_window_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class BlockedPeriod(RefusesControlCharacters, models.Model):
    """Dates (or part of them) with no calls: holidays, conferences. Practice local time."""

    rules = models.ForeignKey(AvailabilityRules, on_delete=models.CASCADE, related_name="blocked_periods")
    start_date = models.DateField()
    end_date = models.DateField(help_text="Inclusive.")
    start_time = models.TimeField(null=True, blank=True, help_text="Empty: from the start of the first day.")
    end_time = models.TimeField(null=True, blank=True, help_text="Empty: to the end of the last day.")
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="leads_blocked_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start_date} – {self.end_date} {self.reason}".strip()


class Status(models.TextChoices):
    NEW = "new", "New"
    NEEDS_SCHEDULING = "needs_scheduling", "Needs scheduling"
    CONTACTED = "contacted", "Contacted"
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no_show", "No-show"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled by visitor"
    SPAM = "spam", "Spam"


class ReviewReason(models.TextChoices):
    """Why a request looked automated; it is stored (and its time held) until intake decides."""

    NONE = "", "—"
    TOO_FAST = "too_fast", "Sent faster than a person types (autofill?)"
    HIDDEN_FIELD = "hidden_field", "Filled the field hidden from people"
    NO_TIMESTAMP = "no_timestamp", "Form sent without its signed timestamp"


class StrategyCallRequest(RefusesControlCharacters, models.Model):
    """Someone asking for a strategy call: who, how to reach them, consent and attribution."""

    name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=40, blank=True)
    organisation = models.CharField("role / organisation", max_length=160, blank=True)
    message = models.TextField("what they would like to address", max_length=2000, blank=True)
    preferred_times = models.TextField(
        max_length=1000, blank=True, help_text="When none of the offered times worked."
    )
    visitor_time_zone = models.CharField(max_length=64, blank=True)

    consent_version = models.CharField(max_length=40)
    consent_at = models.DateTimeField()
    updates_opt_in = models.BooleanField("opted in to updates", default=False)

    source_page = models.CharField(max_length=300, blank=True, db_index=True)
    referrer = models.CharField(max_length=500, blank=True)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    utm_term = models.CharField(max_length=100, blank=True)
    utm_content = models.CharField(max_length=100, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    became_client = models.BooleanField(default=False, help_text="Kept by purge_leads.")
    internal_notes = models.TextField(blank=True)
    review_reason = models.CharField(
        "held for review",
        max_length=20,
        choices=ReviewReason.choices,
        blank=True,
        default="",
        db_index=True,
        help_text="Set when the form looked automated. Marking the request as spam frees its time.",
    )
    cancellation_reason = models.TextField(blank=True, max_length=1000)

    # The calendar event of this request keeps one UID across reschedules and cancellation.
    calendar_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    # The idempotency key of the form that sent it (see ``leads.booking.submission_key``):
    # the same form sent twice (a double click, a replay) stores one request.
    submission_key = models.CharField(max_length=64, blank=True, default="", editable=False)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "strategy-call request"
        constraints = [
            # Requests stored before keys existed (or without a form) have none.
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~Q(submission_key=""),
                name="leads_request_unique_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.created_at:%Y-%m-%d})"

    def get_admin_url(self) -> str:
        return reverse("admin:leads_strategycallrequest_change", args=[self.pk])

    @property
    def active_booking(self) -> Booking | None:
        return self.bookings.filter(status=Booking.State.ACTIVE).order_by("start").first()


def _message_id_domain() -> str:
    from email.utils import parseaddr

    from django.conf import settings

    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


class Booking(RefusesControlCharacters, models.Model):
    """A held time. ``blocked_until`` is ``end`` plus the buffer in force when it was booked."""

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        CANCELLED = "cancelled", "Cancelled"
        RESCHEDULED = "rescheduled", "Moved to another time"

    request = models.ForeignKey(StrategyCallRequest, on_delete=models.CASCADE, related_name="bookings")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    blocked_until = models.DateTimeField()
    status = models.CharField(max_length=12, choices=State.choices, default=State.ACTIVE)
    # Rotated whenever a cancel/reschedule link is used, so each link works once.
    link_nonce = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="leads_booking_ends_after_start"),
            models.CheckConstraint(
                condition=Q(blocked_until__gte=F("end")), name="leads_booking_block_covers_call"
            ),
            # No two active bookings overlap, buffers included. PostgreSQL only: SQLite
            # enforces the same rule with triggers (leads.db_guard).
            PostgreSQLExclusionConstraint(
                name=OVERLAP_CONSTRAINT,
                expressions=[(TsTzRange("start", "blocked_until", RangeBoundary()), RangeOperators.OVERLAPS)],
                condition=Q(status="active"),
                violation_error_message="That time overlaps an active booking.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} UTC (request #{self.request_id})"

    @property
    def buffer(self) -> timedelta:
        return self.blocked_until - self.end


class OutboundEmail(models.Model):
    """One email about a request, written with the request; sent later by the task worker."""

    class Kind(models.TextChoices):
        VISITOR_CONFIRMATION = "visitor_confirmation", "Confirmation to visitor"
        VISITOR_RECEIVED = "visitor_received", "Request received (no time yet)"
        VISITOR_CANCELLATION = "visitor_cancellation", "Cancellation to visitor"
        VISITOR_REMINDER = "visitor_reminder", "Reminder to visitor"
        PRACTICE_NOTIFICATION = "practice_notification", "Notification to practice"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Being sent"
        RETRYING = "retrying", "Failed, will retry"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up (resend from the admin)"
        NOT_NEEDED = "not_needed", "Not needed (the call changed)"

    request = models.ForeignKey(
        StrategyCallRequest, on_delete=models.CASCADE, related_name="emails", null=True, blank=True
    )
    # Reminders belong to one booking and are not sent once it is cancelled or moved.
    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="emails", null=True, blank=True
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    to = models.TextField(help_text="Comma-separated addresses.")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    ics = models.TextField(blank=True, help_text="iCalendar attachment, if any.")
    ics_method = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the last attempt began: a row left "sending" was interrupted (see leads.tasks).
    sending_started_at = models.DateTimeField(null=True, blank=True)
    # The task that began it: the same task run again (its worker died) resumes at once.
    sending_task = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outgoing email"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def message_id(self) -> str:
        """The Message-ID every attempt of this row carries, so a repeat is recognisably the same mail."""
        return f"<outbox-{self.pk}.{self.created_at:%Y%m%d%H%M%S}@{_message_id_domain()}>"

    @property
    def recipients(self) -> list[str]:
        return [address.strip() for address in self.to.split(",") if address.strip()]
