"""Medical review: who checked an article, when, and which reviews are getting old.

An article records its reviewer (an author with credentials) and the review date.
A review older than ``MEDICAL_REVIEW_MAX_AGE_DAYS`` (a setting, from the
environment; one year by default) is overdue; the admin filters on it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

DEFAULT_MAX_AGE_DAYS = 365


def max_review_age() -> timedelta:
    return timedelta(days=getattr(settings, "MEDICAL_REVIEW_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS))


def review_cutoff(today: date | None = None) -> date:
    """Reviews on or before this date are overdue."""
    return (today or timezone.localdate()) - max_review_age()


def overdue(today: date | None = None) -> Q:
    return Q(reviewed_at__lte=review_cutoff(today))


def never_reviewed() -> Q:
    return Q(reviewed_at__isnull=True)


def review_state(reviewed_at: date | None, today: date | None = None) -> str:
    if reviewed_at is None:
        return "never"
    return "overdue" if reviewed_at <= review_cutoff(today) else "current"


class ReviewStatusFilter(admin.SimpleListFilter):
    """Admin list filter: articles whose medical review is overdue, missing or current."""

    title = "medical review"
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        days = max_review_age().days
        return [
            ("due", f"Needs review (none, or older than {days} days)"),
            ("overdue", f"Older than {days} days"),
            ("never", "Never reviewed"),
            ("current", f"Reviewed in the last {days} days"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == "due":
            return queryset.filter(overdue() | never_reviewed())
        if value == "overdue":
            return queryset.filter(overdue())
        if value == "never":
            return queryset.filter(never_reviewed())
        if value == "current":
            return queryset.filter(reviewed_at__gt=review_cutoff())
        return queryset
