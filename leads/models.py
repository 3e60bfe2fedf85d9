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


class AvailabilityRules(RefusesControlCharacters, models.Model):
    """The practice's booking rules. One row is used (the first); the admin keeps it single."""

    time_zone = models.CharField(
        max_length=64, default="Europe/London", help_text="IANA name, e.g. Europe/London."
    )
    call_minutes = models.PositiveSmallIntegerField("call length (minutes)", default=30)
    buffer_minutes = models.PositiveSmallIntegerField("buffer between calls (minutes)", default=15)
    minimum_notice_hours = models.PositiveSmallIntegerField(default=24)
    horizon_days = models.PositiveSmallIntegerField("booking horizon (days)", default=30)

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
        return f"{self.start:%Y-%m-%d %H:%M} UTC – {self.request.name}"

    @property
    def buffer(self) -> timedelta:
        return self.blocked_until - self.end


class OutboundEmail(models.Model):
    """One email about a request, written with the request; sent later by the task worker."""

    class Kind(models.TextChoices):
        VISITOR_CONFIRMATION = "visitor_confirmation", "Confirmation to visitor"
        VISITOR_RECEIVED = "visitor_received", "Request received (no time yet)"
        VISITOR_CANCELLATION = "visitor_cancellation", "Cancellation to visitor"
        PRACTICE_NOTIFICATION = "practice_notification", "Notification to practice"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        RETRYING = "retrying", "Failed, will retry"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up (resend from the admin)"

    request = models.ForeignKey(
        StrategyCallRequest, on_delete=models.CASCADE, related_name="emails", null=True, blank=True
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
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outgoing email"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to}"

    @property
    def recipients(self) -> list[str]:
        return [address.strip() for address in self.to.split(",") if address.strip()]
