"""Retention: anonymise old requests that did not become clients; delete old spam."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import OutboundEmail, Status, StrategyCallRequest

PERSONAL_FIELDS = {
    "name": "(removed)",
    "email": "removed@invalid",
    "phone": "",
    "organisation": "",
    "message": "",
    "preferred_times": "",
    "internal_notes": "",
    "referrer": "",
}


@dataclass
class PurgeReport:
    cutoff: datetime
    anonymised: int = 0
    spam_deleted: int = 0
    emails_deleted: int = 0
    kept_clients: int = 0


def purge(
    *, now: datetime | None = None, retention_days: int | None = None, dry_run: bool = False
) -> PurgeReport:
    """Anonymise requests older than the retention period (clients kept); delete old spam.

    Source page, dates, status and consent version stay, so the conversion figures survive.
    """
    now = now or timezone.now()
    days = settings.LEADS_RETENTION_DAYS if retention_days is None else retention_days
    cutoff = now - timedelta(days=days)
    old = StrategyCallRequest.objects.filter(created_at__lt=cutoff)
    report = PurgeReport(cutoff=cutoff)
    report.kept_clients = old.filter(became_client=True).count()
    spam = old.filter(status=Status.SPAM, became_client=False)
    to_anonymise = old.filter(became_client=False, anonymised_at__isnull=True).exclude(status=Status.SPAM)
    report.spam_deleted = spam.count()
    report.anonymised = to_anonymise.count()
    emails = OutboundEmail.objects.filter(request__in=old.filter(became_client=False))
    report.emails_deleted = emails.count()
    if dry_run:
        return report
    with transaction.atomic():
        emails.delete()  # copies of personal data, sent or not
        spam.delete()
        to_anonymise.update(**PERSONAL_FIELDS, utm_term="", utm_content="", anonymised_at=now)
    return report
