"""``manage.py purge_leads``: retention from settings, clients kept, a report of what happened."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from leads.booking import RequestDetails, submit_request
from leads.models import OutboundEmail, Status, StrategyCallRequest

pytestmark = pytest.mark.django_db


def lead(days_old: int, **fields) -> StrategyCallRequest:
    request = submit_request(
        RequestDetails(
            name="Ada Person",
            email="ada@example.org",
            preferred_times="Mornings",
            message="private",
            attribution={"from": "/articles/x/"},
        ),
        None,
    )
    StrategyCallRequest.objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(days=days_old), **fields
    )
    OutboundEmail.objects.filter(request=request).update(status="sent")
    return request


def test_purge_anonymises_old_requests_keeps_clients_and_reports(settings):
    settings.LEADS_RETENTION_DAYS = 180
    old = lead(200, internal_notes="notes")
    client = lead(400, became_client=True)
    spam = lead(300, status=Status.SPAM)
    recent = lead(10)

    dry = StringIO()
    call_command("purge_leads", "--dry-run", stdout=dry)
    assert "Would have anonymised 1 request(s), deleted 1 spam" in dry.getvalue()
    assert StrategyCallRequest.objects.get(pk=old.pk).name == "Ada Person"

    out = StringIO()
    call_command("purge_leads", stdout=out)
    assert "anonymised 1 request(s), deleted 1 spam request(s) and 4 email(s)" in out.getvalue()
    assert "kept 1 client(s)" in out.getvalue()
    old.refresh_from_db()
    assert (old.name, old.email, old.message, old.preferred_times, old.internal_notes) == (
        "(removed)",
        "removed@invalid",
        "",
        "",
        "",
    )
    assert old.anonymised_at is not None and old.source_page == "/articles/x/"
    assert not OutboundEmail.objects.filter(request=old).exists()
    assert not StrategyCallRequest.objects.filter(pk=spam.pk).exists()
    assert StrategyCallRequest.objects.get(pk=client.pk).name == "Ada Person"
    assert StrategyCallRequest.objects.get(pk=recent.pk).name == "Ada Person"

    again = StringIO()
    call_command("purge_leads", stdout=again)
    assert "anonymised 0 request(s)" in again.getvalue()


def test_days_option_overrides_the_setting():
    lead(40)
    out = StringIO()
    call_command("purge_leads", "--days", "30", stdout=out)
    assert "anonymised 1 request(s)" in out.getvalue()


def every_text_value() -> str:
    """Every text-like value of every table, as one string (what "search the database" means)."""
    from django.db import connection

    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            columns = connection.introspection.get_table_description(cursor, table)
            quoted = ", ".join(connection.ops.quote_name(c.name) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608 - our own names
            for row in cursor.fetchall():
                chunks.extend(str(value) for value in row if value is not None)
    return "\n".join(chunks).lower()


@pytest.mark.django_db(transaction=True)
def test_after_purge_the_database_holds_no_trace_of_the_client(
    settings, admin_client, smtp_settings, start_smtp, rules
):
    """History entries, refused-send tracebacks and outbox rows all go with the request."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth import get_user_model

    from leads.availability import current_free_slots
    from tests.leads.conftest import run_worker

    request = submit_request(
        RequestDetails(name="Zelda Quintrell", email="zelda.quintrell@example.org", message="private"),
        current_free_slots()[0].key,
    )
    run_worker()  # nobody listens: the failure is recorded on the rows and in the task results
    LogEntry.objects.log_actions(
        user_id=get_user_model().objects.get(username="admin").pk,
        queryset=[request],
        action_flag=CHANGE,
        change_message="Changed status.",
    )
    assert "zelda quintrell" in every_text_value()
    StrategyCallRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - timedelta(days=400))

    call_command("purge_leads", stdout=StringIO())
    everything = every_text_value()
    assert "zelda" not in everything
    assert "quintrell" not in everything
