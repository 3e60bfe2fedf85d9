"""Intake's admin (pipeline, CSV, calendar, conversions) and the Intake/Editors separation."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from leads.availability import current_free_slots
from leads.booking import RequestDetails, submit_request
from leads.models import Status, StrategyCallRequest
from leads.permissions import sync_groups
from tests import factories

pytestmark = pytest.mark.django_db


def make_lead(slot_key=None, **fields):
    attribution = {"from": fields.pop("source", "/articles/trusted-people/")}
    return submit_request(
        RequestDetails(
            **{"name": "Ada", "email": "ada@example.org", "visitor_time_zone": "Asia/Tokyo", **fields},
            attribution=attribution,
            preferred_times="" if slot_key else "Any morning",
        ),
        slot_key,
    )


@pytest.fixture
def intake_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        "intake", "intake@example.org", "pw-intake-long", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Intake"))
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.org", "pw-editor-long", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_groups_exist_with_their_sides_permissions():
    intake = Group.objects.get(name="Intake")
    editors = Group.objects.get(name="Editors")
    intake_apps = set(intake.permissions.values_list("content_type__app_label", flat=True))
    editor_apps = set(editors.permissions.values_list("content_type__app_label", flat=True))
    assert "leads" in intake_apps and not intake_apps & {"articles", "references"}
    assert "articles" in editor_apps and "leads" not in editor_apps
    assert editors.permissions.filter(codename="change_article").exists()


def test_sync_is_idempotent_and_covers_models_added_later():
    from django.contrib.contenttypes.models import ContentType

    later = ContentType.objects.create(app_label="references", model="laterwork")
    Permission.objects.create(codename="change_laterwork", name="Can change later work", content_type=later)
    sync_groups()
    sync_groups()
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="change_laterwork").exists()
    assert not Group.objects.get(name="Intake").permissions.filter(codename="change_laterwork").exists()
    # A lead permission given to Editors by mistake is taken away again.
    editors.permissions.add(Permission.objects.get(codename="view_strategycallrequest"))
    sync_groups()
    assert not editors.permissions.filter(content_type__app_label="leads").exists()
    assert Group.objects.filter(name__in=["Intake", "Editors"]).count() == 2


def test_editors_cannot_see_or_export_leads(editor_client, rules):
    lead = make_lead(current_free_slots()[0].key)
    index = editor_client.get("/admin/")
    assert index.status_code == 200
    assert "Strategy-call requests" not in index.content.decode()
    assert "ada@example.org" not in index.content.decode()
    for url in [
        "/admin/leads/strategycallrequest/",
        f"/admin/leads/strategycallrequest/{lead.pk}/change/",
        "/admin/leads/strategycallrequest/calendar/",
        "/admin/leads/strategycallrequest/conversions/",
        "/admin/leads/booking/",
        "/admin/leads/outboundemail/",
        "/admin/django_tasks_database/dbtaskresult/",
    ]:
        assert editor_client.get(url).status_code == 403, url
    export = editor_client.post(
        "/admin/leads/strategycallrequest/", {"action": "export_csv", "_selected_action": [lead.pk]}
    )
    assert export.status_code == 403
    assert b"ada@example.org" not in export.content
    assert editor_client.get("/admin/articles/article/").status_code == 200


def test_intake_cannot_edit_articles(intake_client, author):
    article = factories.make_article(author=author, title="Original", slug="original")
    assert intake_client.get("/admin/articles/article/").status_code == 403
    assert intake_client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 403
    response = intake_client.post(f"/admin/articles/article/{article.pk}/change/", {"title": "Hacked"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Original"
    assert "Editorial content" not in intake_client.get("/admin/").content.decode()


def test_intake_works_the_pipeline_and_exports_csv(intake_client, rules):
    slots = current_free_slots()
    booked = make_lead(slots[0].key, name='=HYPERLINK("http://evil")')
    waiting = make_lead(None, name="Bob", email="bob@example.org", source="/hubs/social-resilience/")
    listing = intake_client.get("/admin/leads/strategycallrequest/?status__exact=needs_scheduling")
    assert "bob@example.org" in listing.content.decode() and "HYPERLINK" not in listing.content.decode()
    assert (
        intake_client.get("/admin/leads/strategycallrequest/?q=bob").content.decode().count("bob@example.org")
        >= 1
    )
    by_source = intake_client.get("/admin/leads/strategycallrequest/?source=/hubs/social-resilience/")
    assert "bob@example.org" in by_source.content.decode()

    change = intake_client.get(f"/admin/leads/strategycallrequest/{waiting.pk}/change/")
    assert change.status_code == 200
    export = intake_client.post(
        "/admin/leads/strategycallrequest/",
        {"action": "export_csv", "_selected_action": [booked.pk, waiting.pk]},
    )
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert {row["email"] for row in rows} == {"ada@example.org", "bob@example.org"}
    assert next(r for r in rows if r["email"] == "ada@example.org")["name"].startswith("'=")
    assert next(r for r in rows if r["email"] == "ada@example.org")["booked_start_utc"].startswith(
        slots[0].start.date().isoformat()
    )
    # Notes and status through the change form.
    StrategyCallRequest.objects.filter(pk=waiting.pk).update(internal_notes="Called, left a message")
    intake_client.post(
        "/admin/leads/strategycallrequest/", {"action": "mark_contacted", "_selected_action": [waiting.pk]}
    )
    waiting.refresh_from_db()
    assert waiting.status == Status.CONTACTED


def test_booking_calendar_and_conversions(intake_client, rules):
    slots = current_free_slots()
    make_lead(slots[0].key, name="Early Bird")
    make_lead(slots[1].key, email="c@example.org")
    make_lead(None, email="d@example.org", source="/hubs/social-resilience/")
    spam = make_lead(None, email="spam@example.org", source="/spam/")
    StrategyCallRequest.objects.filter(pk=spam.pk).update(status=Status.SPAM)
    old = make_lead(None, email="old@example.org", source="/old/")
    StrategyCallRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))

    calendar = intake_client.get("/admin/leads/strategycallrequest/calendar/?weeks=2").content.decode()
    local = slots[0].start.astimezone(rules.zone)
    assert f"{local:%H:%M}" in calendar and "Early Bird" in calendar

    today = timezone.localdate()
    page = intake_client.get(
        "/admin/leads/strategycallrequest/conversions/",
        {"start": (today - timedelta(days=30)).isoformat(), "end": today.isoformat()},
    ).content.decode()
    assert "<td>/articles/trusted-people/</td><td>2</td><td>2</td><td>0</td>" in page
    assert "<td>/hubs/social-resilience/</td><td>1</td><td>0</td><td>0</td>" in page
    assert "/spam/" not in page and "/old/" not in page
    assert "3 request(s)" in page
    bad = intake_client.get("/admin/leads/strategycallrequest/conversions/", {"start": "nonsense"})
    assert bad.status_code == 200


def test_cancel_from_the_admin_frees_the_slot(admin_client, rules):
    slot = current_free_slots()[0]
    lead = make_lead(slot.key)
    booking = lead.active_booking
    admin_client.post(
        "/admin/leads/booking/", {"action": "cancel_and_notify", "_selected_action": [booking.pk]}
    )
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert slot.key in {s.key for s in current_free_slots()}


def test_availability_rules_admin_offers_zone_names(admin_client, rules):
    page = admin_client.get(f"/admin/leads/availabilityrules/{rules.pk}/change/")
    assert page.status_code == 200
    assert '<option value="America/New_York">' in page.content.decode()
