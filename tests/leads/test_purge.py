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
