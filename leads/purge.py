"""Retention: anonymise old requests that did not become clients; delete old spam.

Copies of their personal data go too: the outbox emails, the admin's history entries
(whose ``object_repr`` was the request's name) and the task results and tracebacks of
their deliveries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import Booking, OutboundEmail, Status, StrategyCallRequest

PERSONAL_FIELDS = {
    "name": "(removed)",
    "email": "removed@invalid",
    "phone": "",
    "organisation": "",
    "message": "",
    "preferred_times": "",
    "internal_notes": "",
    "referrer": "",
    "cancellation_reason": "",
}


@dataclass
class PurgeReport:
    cutoff: datetime
    anonymised: int = 0
    spam_deleted: int = 0
    emails_deleted: int = 0
    kept_clients: int = 0
    history_scrubbed: int = 0
    task_results_deleted: int = 0


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
        leads = list(
            old.filter(became_client=False)
            .filter(Q(status=Status.SPAM) | Q(anonymised_at__isnull=True))
            .values_list("pk", "name", "email")
        )
        email_ids = list(emails.values_list("pk", flat=True))
        booking_ids = list(
            Booking.objects.filter(request__pk__in=[pk for pk, _, _ in leads]).values_list("pk", flat=True)
        )
        report.task_results_deleted = _delete_task_results(email_ids, leads)
        report.history_scrubbed = _scrub_history(leads, booking_ids, email_ids)
        emails.delete()  # copies of personal data, sent or not
        spam.delete()
        to_anonymise.update(**PERSONAL_FIELDS, utm_term="", utm_content="", anonymised_at=now)
    return report


def _scrub_history(leads: list[tuple[int, str, str]], booking_ids: list[int], email_ids: list[int]) -> int:
    """Admin history entries about these requests, bookings and emails name nobody any more."""
    scrubbed = 0
    for model, ids in (
        (StrategyCallRequest, [pk for pk, _, _ in leads]),
        (Booking, booking_ids),
        (OutboundEmail, email_ids),
    ):
        if not ids:
            continue
        content_type = ContentType.objects.get_for_model(model)
        label = model._meta.verbose_name
        for pk in ids:
            scrubbed += LogEntry.objects.filter(content_type=content_type, object_id=str(pk)).update(
                object_repr=f"{label} #{pk} (personal data removed)"
            )
    return scrubbed


def _delete_task_results(email_ids: list[int], leads: list[tuple[int, str, str]]) -> int:
    """Stored results of their deliveries, and any traceback that names them, are deleted."""
    deleted = 0
    wanted = set(email_ids)
    for result in DBTaskResult.objects.filter(task_path__endswith=".deliver_email").only("id", "args_kwargs"):
        args = (result.args_kwargs or {}).get("args") or []
        if args and args[0] in wanted:
            deleted += DBTaskResult.objects.filter(pk=result.pk).delete()[0]
    for _pk, name, email in leads:
        named = Q(traceback__icontains=email)
        if len(name) >= 3:
            named |= Q(traceback__icontains=name)
        deleted += DBTaskResult.objects.filter(named).delete()[0]
    return deleted
