"""Background delivery of outgoing email, run by ``manage.py db_worker`` (django-tasks-db).

A failed send is recorded on the ``OutboundEmail`` row (attempts, error, next attempt),
a new attempt is enqueued with exponential backoff, and the task itself is marked failed
so the error and traceback show in the admin's task results too.
"""

from __future__ import annotations

import logging
import re
import smtplib
from datetime import timedelta
from email.message import MIMEPart

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.tasks import TaskContext, task
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)


class DeliveryFailed(Exception):
    """Sending failed; another attempt is scheduled unless the attempts are used up."""


def backoff(attempts: int) -> timedelta:
    """Delay before the next attempt after ``attempts`` failures: 1, 2, 4 … minutes, at most 6 h."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def build_message(email: OutboundEmail) -> EmailMessage:
    """The Django email for an outbox row, with its iCalendar part if it has one."""
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.recipients,
        headers={"Message-ID": email.message_id},
    )
    if email.ics:
        part = MIMEPart()
        part.set_content(
            email.ics,
            subtype="calendar",
            charset="utf-8",
            params={"method": email.ics_method or "REQUEST"},
            disposition="attachment",
            filename="invite.ics" if email.ics_method != "CANCEL" else "cancel.ics",
        )
        message.attach(part)
    return message


def enqueue_delivery(email: OutboundEmail, *, run_after=None) -> None:
    """Schedule delivery. The database backend writes the task in the caller's transaction."""
    from django_tasks_db import DatabaseBackend

    job = deliver_email.using(run_after=run_after) if run_after else deliver_email
    if isinstance(deliver_email.get_backend(), DatabaseBackend):
        job.enqueue(email.pk)
    else:  # another backend (e.g. immediate): only once the request is committed
        transaction.on_commit(lambda: job.enqueue(email.pk))


def describe_error(error: BaseException, recipients: list[str]) -> str:
    """The error for logs and the admin, without the recipients' addresses.

    SMTP refusals name the refused address; everything that names one says
    "<recipient>" instead, so logs and stored tracebacks carry no client address.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _message in error.recipients.values()})
        return f"SMTPRecipientsRefused: recipient refused (SMTP {', '.join(codes)})"
    text = f"{type(error).__name__}: {error}"
    for address in recipients:
        if address:
            text = re.sub(re.escape(address), "<recipient>", text, flags=re.IGNORECASE)
    return text[:2000]


def _claim(email_id: int, task_id: str) -> tuple[OutboundEmail | None, str]:
    """Lock the row and mark it "sending" by task ``task_id``; or say why nothing is to be sent.

    A row another task began sending less than ``stall_after()`` ago is left to it and
    this delivery is postponed until that attempt counts as interrupted. The same task
    (its worker died and ``mindlab.worker`` queued it again) resumes at once.
    """
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(of=("self",))
            .select_related("booking")
            .filter(pk=email_id)
            .first()
        )
        if email is None:
            return None, "gone"  # purged with its request
        if email.status in {OutboundEmail.State.SENT, OutboundEmail.State.NOT_NEEDED}:
            return None, f"already {email.status}"
        now = timezone.now()
        if (
            email.status == OutboundEmail.State.SENDING
            and email.sending_task != task_id
            and email.sending_started_at
            and now - email.sending_started_at < stall_after()
        ):
            enqueue_delivery(email, run_after=email.sending_started_at + stall_after())
            return None, "another attempt is under way: postponed"
        if email.booking_id and email.booking.status != email.booking.State.ACTIVE:
            email.status = OutboundEmail.State.NOT_NEEDED
            email.next_attempt_at = None
            email.save(update_fields=["status", "next_attempt_at"])
            return None, "not needed"
        if email.status == OutboundEmail.State.SENDING:
            # The attempt before was interrupted (a worker killed mid-send). If the mail
            # server had accepted it, this sends it again with the same Message-ID.
            logger.warning("Outbox email %s: resuming an interrupted send", email.pk)
        email.status = OutboundEmail.State.SENDING
        email.sending_started_at = now
        email.sending_task = task_id
        email.save(update_fields=["status", "sending_started_at", "sending_task"])
    return email, ""


@task(takes_context=True)
def deliver_email(context: TaskContext, email_id: int) -> str:
    """Send one outbox email; on failure record it, schedule a retry with backoff, and raise.

    At most one attempt per row runs at a time (the row is claimed as "sending" under a
    lock), every attempt carries the row's Message-ID, and a row marked sent is never
    sent again. The one case that can repeat a message: the server accepted it and the
    worker died before recording that; the repeat has the same Message-ID.
    """
    email, outcome = _claim(email_id, str(context.task_result.id))
    if email is None:
        return outcome
    try:
        build_message(email).send()
    except Exception as error:
        email.attempts += 1
        email.last_error = describe_error(error, email.recipients)
        if email.attempts >= settings.LEADS_EMAIL_MAX_ATTEMPTS:
            email.status = OutboundEmail.State.FAILED
            email.next_attempt_at = None
        else:
            email.status = OutboundEmail.State.RETRYING
            email.next_attempt_at = timezone.now() + backoff(email.attempts)
        logger.warning("Outbox email %s: attempt %s failed: %s", email.pk, email.attempts, email.last_error)
        with transaction.atomic():
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            if email.next_attempt_at:
                enqueue_delivery(email, run_after=email.next_attempt_at)
        # ``from None``: the stored traceback must not carry the original (it may name addresses).
        raise DeliveryFailed(
            f"outbox email {email.pk}, attempt {email.attempts}: {email.last_error}"
        ) from None
    email.attempts += 1
    email.status = OutboundEmail.State.SENT
    email.sent_at = timezone.now()
    email.next_attempt_at = None
    email.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at"])
    return "sent"


def stall_after() -> timedelta:
    """How long a send may run before it counts as interrupted (``LEADS_EMAIL_STALL_SECONDS``)."""
    return timedelta(seconds=settings.LEADS_EMAIL_STALL_SECONDS)


def requeue_overdue(*, grace: timedelta = timedelta(minutes=30), now=None) -> int:
    """Enqueue again every unsent email whose attempt is overdue by ``grace``.

    Covers a worker killed in the middle of a send (its task is left "running") or a
    task row removed by hand. Sending is skipped for rows already marked sent.
    """
    now = now or timezone.now()
    overdue = OutboundEmail.objects.filter(
        Q(status=OutboundEmail.State.PENDING, next_attempt_at__isnull=True, created_at__lt=now - grace)
        | Q(status=OutboundEmail.State.PENDING, next_attempt_at__lt=now - grace)
        | Q(status=OutboundEmail.State.RETRYING, next_attempt_at__lt=now - grace)
        | Q(status=OutboundEmail.State.SENDING, sending_started_at__lt=now - max(grace, stall_after()))
    )
    count = 0
    for email in overdue:
        with transaction.atomic():
            email.next_attempt_at = now
            email.save(update_fields=["next_attempt_at"])
            enqueue_delivery(email)
        count += 1
    return count
