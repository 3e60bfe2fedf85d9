"""Emails leave through the task worker to a real SMTP server (aiosmtpd); none is lost."""

from __future__ import annotations

import email
from email import policy

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from leads.availability import current_free_slots
from leads.booking import RequestDetails, cancel_booking, reschedule_booking, submit_request
from leads.models import OutboundEmail
from leads.tasks import backoff
from tests.leads.conftest import run_worker

# The worker closes connections between tasks, as in production: real transactions here.
pytestmark = pytest.mark.django_db(transaction=True)


def details(**fields) -> RequestDetails:
    return RequestDetails(
        **{
            "name": "Grace Hopper",
            "email": "grace@example.org",
            "visitor_time_zone": "America/New_York",
            "message": "SECRET-FREE-TEXT about my team",
            "preferred_times": "",
            "attribution": {"from": "/articles/trusted-people/", "utm_source": "newsletter"},
            **fields,
        }
    )


def ready_deliveries(emails) -> int:
    """Delivery tasks waiting to run for these outbox rows."""
    ids = {e.pk for e in emails}
    return sum(1 for t in DBTaskResult.objects.filter(status="READY") if t.args_kwargs["args"][0] in ids)


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.content, policy=policy.default)


def calendar_of(message) -> tuple[Calendar, str]:
    parts = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return Calendar.from_ical(parts[0].get_content()), parts[0]["Content-Type"]


def due_now() -> None:
    """Time passes: every scheduled retry is due (reminders, days ahead, are not)."""
    retrying = set(OutboundEmail.objects.filter(status="retrying").values_list("pk", flat=True))
    for task in DBTaskResult.objects.filter(status="READY"):
        if task.args_kwargs["args"][0] in retrying:
            DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())


def test_confirmation_and_notification_reach_a_real_smtp_server(rules, smtp_settings, start_smtp, settings):
    settings.PRACTICE_NOTIFICATION_EMAILS = ["intake@practice.example"]
    inbox = start_smtp()
    slot = current_free_slots()[0]
    lead = submit_request(details(), slot.key)
    run_worker()

    assert OutboundEmail.objects.exclude(kind="visitor_reminder").filter(status="sent").count() == 2
    messages = {tuple(e.rcpt_tos): parsed(e) for e in inbox.envelopes}
    visitor = messages[("grace@example.org",)]
    practice = messages[("intake@practice.example",)]

    body = visitor.get_body(("plain",)).get_content()
    assert "(America/New_York)" in body and "(Europe/London, our time)" in body
    assert "/strategy-call/manage/cancel/" in body and "/strategy-call/manage/reschedule/" in body

    cal, content_type = calendar_of(visitor)
    assert "method=REQUEST" in content_type.replace('"', "")
    assert cal["METHOD"] == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == f"{lead.calendar_uid}@mindlab-strategy-call"
    assert event.decoded("DTSTART") == slot.start
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert "mailto:grace@example.org" in str(event["ATTENDEE"])

    notice = practice.get_body(("plain",)).get_content()
    assert "Grace Hopper" in notice and "/articles/trusted-people/" in notice and "newsletter" in notice
    assert f"/admin/leads/strategycallrequest/{lead.pk}/change/" in notice
    assert "SECRET-FREE-TEXT about my team" in practice.get_content()  # what the client wrote


def test_cancellation_sends_method_cancel_with_the_same_uid(rules, smtp_settings, start_smtp):
    inbox = start_smtp()
    lead = submit_request(details(), current_free_slots()[0].key)
    run_worker()
    cancel_booking(lead.active_booking)
    run_worker()
    calendars = []
    for envelope in inbox.envelopes:
        message = parsed(envelope)
        if envelope.rcpt_tos == ["grace@example.org"]:
            calendars.append(calendar_of(message)[0])
    assert [c["METHOD"] for c in calendars] == ["REQUEST", "CANCEL"]
    uids = {str(c.walk("VEVENT")[0]["UID"]) for c in calendars}
    assert uids == {f"{lead.calendar_uid}@mindlab-strategy-call"}
    cancel_event = calendars[1].walk("VEVENT")[0]
    assert cancel_event["STATUS"] == "CANCELLED"
    assert cancel_event["SEQUENCE"] > calendars[0].walk("VEVENT")[0]["SEQUENCE"]


def test_reschedule_sends_an_update_with_the_same_uid(rules, smtp_settings, start_smtp):
    inbox = start_smtp()
    slots = current_free_slots()
    lead = submit_request(details(), slots[0].key)
    reschedule_booking(lead.active_booking, slots[4].key)
    run_worker()
    events = [
        calendar_of(parsed(e))[0].walk("VEVENT")[0]
        for e in inbox.envelopes
        if e.rcpt_tos == ["grace@example.org"]
    ]
    assert len({str(e["UID"]) for e in events}) == 1
    latest = max(events, key=lambda e: e["SEQUENCE"])
    assert latest.decoded("DTSTART") == slots[4].start


def test_nothing_is_lost_while_the_mail_server_is_down(client, rules, smtp_settings, start_smtp):
    slots = current_free_slots()
    for i in range(3):
        submit_request(details(email=f"visitor{i}@example.org"), slots[i].key)
    run_worker()  # nobody listens on the port: every send fails
    emails = OutboundEmail.objects.exclude(kind="visitor_reminder").all()
    assert emails.count() == 6
    assert {e.status for e in emails} == {"retrying"}
    assert all(e.attempts == 1 and "Error" in e.last_error and e.next_attempt_at for e in emails)
    assert DBTaskResult.objects.filter(status="FAILED").count() == 6  # visible in the admin's task list
    assert ready_deliveries(emails) == 6  # retries scheduled with backoff

    run_worker()  # retries are not due yet: nothing happens
    assert OutboundEmail.objects.exclude(kind="visitor_reminder").filter(attempts=1).count() == 6

    inbox = start_smtp()  # the server comes back
    due_now()
    run_worker()
    assert (
        OutboundEmail.objects.exclude(kind="visitor_reminder").filter(status="sent", attempts=2).count() == 6
    )
    assert len(inbox.envelopes) == 6
    recipients = sorted(r for e in inbox.envelopes for r in e.rcpt_tos)
    assert recipients.count("intake@localhost") == 3
    assert {f"visitor{i}@example.org" for i in range(3)} <= set(recipients)


def test_gives_up_after_the_configured_attempts_and_can_be_resent(
    rules, smtp_settings, start_smtp, settings, admin_client
):
    settings.LEADS_EMAIL_MAX_ATTEMPTS = 2
    submit_request(details(), current_free_slots()[0].key)
    run_worker()
    due_now()
    run_worker()
    assert set(OutboundEmail.objects.exclude(kind="visitor_reminder").values_list("status", flat=True)) == {
        "failed"
    }
    assert ready_deliveries(OutboundEmail.objects.exclude(kind="visitor_reminder")) == 0

    listing = admin_client.get("/admin/leads/outboundemail/")
    assert "Gave up" in listing.content.decode()
    inbox = start_smtp()
    ids = list(OutboundEmail.objects.exclude(kind="visitor_reminder").values_list("pk", flat=True))
    admin_client.post("/admin/leads/outboundemail/", {"action": "send_again", "_selected_action": ids})
    run_worker()
    assert set(OutboundEmail.objects.exclude(kind="visitor_reminder").values_list("status", flat=True)) == {
        "sent"
    }
    assert len(inbox.envelopes) == 2


def test_backoff_grows_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30).total_seconds() == 6 * 3600


def test_emails_stranded_by_a_killed_worker_are_queued_again(rules, smtp_settings, start_smtp):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command

    submit_request(details(), current_free_slots()[0].key)
    # A worker claimed both tasks and died: they stay "running", the emails stay pending.
    DBTaskResult.objects.update(status="RUNNING")
    OutboundEmail.objects.update(created_at=timezone.now() - timedelta(hours=1))
    inbox = start_smtp()
    run_worker()
    assert inbox.envelopes == []
    out = StringIO()
    call_command("requeue_lead_emails", stdout=out)
    assert "Queued 2 overdue email(s) again." in out.getvalue()
    run_worker()
    assert len(inbox.envelopes) == 2
    assert set(OutboundEmail.objects.exclude(kind="visitor_reminder").values_list("status", flat=True)) == {
        "sent"
    }
    again = StringIO()
    call_command("requeue_lead_emails", stdout=again)
    assert "Queued 0" in again.getvalue()


class RefuseVisitor:
    """A mail server that refuses the visitor's address and accepts the rest."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == "grace@example.org":
            return "550 5.1.1 <grace@example.org>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def test_a_refused_address_is_logged_by_outbox_row_never_by_address(rules, smtp_settings, smtp_port, caplog):
    from aiosmtpd.controller import Controller

    controller = Controller(RefuseVisitor(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        lead = submit_request(details(), None)
        with caplog.at_level("INFO"):
            run_worker()
    finally:
        controller.stop()
    refused = lead.emails.get(kind="visitor_received")
    assert refused.status == "retrying" and "SMTPRecipientsRefused" in refused.last_error
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")  # not the test server's
    assert f"Outbox email {refused.pk}" in ours
    for text in (ours, refused.last_error, *DBTaskResult.objects.values_list("traceback", flat=True)):
        assert "grace@example.org" not in text
        assert "Grace Hopper" not in text


def test_every_attempt_of_a_row_carries_the_same_message_id(rules, smtp_settings, start_smtp):
    lead = submit_request(details(), None)
    run_worker()  # nobody listens: the first attempt fails
    inbox = start_smtp()
    due_now()
    run_worker()
    visitor = lead.emails.get(kind="visitor_received")
    delivered = [parsed(e) for e in inbox.envelopes if e.rcpt_tos == ["grace@example.org"]]
    assert [m["Message-ID"] for m in delivered] == [visitor.message_id]


def test_a_task_left_running_too_long_is_queued_again_without_cron(
    rules, smtp_settings, start_smtp, settings
):
    from datetime import timedelta

    from mindlab.worker import recover_interrupted

    submit_request(details(), None)
    # A worker on another machine claimed both tasks and vanished.
    DBTaskResult.objects.update(
        status="RUNNING", worker_ids=["elsewhere:1:abc"], started_at=timezone.now() - timedelta(minutes=1)
    )
    settings.TASKS_STALE_RUNNING_SECONDS = 120
    assert recover_interrupted() == 0  # not long enough to be sure
    settings.TASKS_STALE_RUNNING_SECONDS = 30
    inbox = start_smtp()
    run_worker()  # the worker's start-up pass queues them again and runs them
    assert len(inbox.envelopes) == 2
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
