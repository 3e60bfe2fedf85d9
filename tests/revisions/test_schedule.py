"""The admin's list of what is scheduled for the coming weeks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from articles import drafts
from leads.permissions import INTAKE
from revisions.models import Revision
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/admin/scheduled/"


def _schedule_draft(page, when, **changes):
    snapshot = drafts.snapshot_of(page)
    snapshot["fields"].update(changes)
    return drafts.record(page, snapshot, Revision.Kind.DRAFT, scheduled_for=when, note="for the launch")


def test_lists_scheduled_pages_and_drafts_soonest_first(staff_client, hub, author, pillar):
    now = timezone.now()
    factories.make_article(hub, author=author, title="Already out", slug="already-out")
    later = factories.make_article(hub, author=author, title="Next week's piece", slug="next-week")
    later.published_at = now + timedelta(days=7)
    later.save()
    soon = factories.make_hub(pillar, author=author, title="A hub in two days", slug="soon-hub")
    soon.published_at = now + timedelta(days=2)
    soon.save()
    _schedule_draft(author, now + timedelta(days=3), short_bio="New bio.")
    _schedule_draft(pillar, now + timedelta(days=60), summary="Far away.")
    far = factories.make_article(hub, author=author, title="Far away piece", slug="far-away")
    far.published_at = now + timedelta(weeks=10)
    far.save()

    response = staff_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Already out" not in html
    assert "Far away" not in html and "Far away piece" not in html  # beyond four weeks
    positions = [
        html.index(text) for text in ("A hub in two days", "Dr Ada Example", "Next week&#x27;s piece")
    ]
    assert positions == sorted(positions)
    assert later.get_absolute_url() in html and f"/admin/articles/article/{later.pk}/change/" in html
    assert "Changes (draft revision #" in html and "for the launch" in html
    assert f"/admin/articles/author/{author.pk}/history/compare/?a=live&amp;b=" in html

    wider = staff_client.get(URL + "?weeks=12").content.decode()
    assert "Far away piece" in wider and "Pillar 4" in wider


def test_bad_weeks_fall_back_to_the_default(staff_client):
    for value in ("abc", "-1", "0", "9999999999999999999", "\x00", "3"):
        response = staff_client.get(URL, {"weeks": value})
        assert response.status_code == 200
        assert "Scheduled for the next 4 weeks" in response.content.decode()


def test_a_published_draft_is_no_longer_listed(staff_client, author):
    revision = _schedule_draft(author, timezone.now() + timedelta(days=1), short_bio="Soon.")
    drafts.publish(revision)
    assert "Changes (draft revision" not in staff_client.get(URL).content.decode()


def test_reachable_from_the_admin_index_and_change_lists(staff_client):
    assert URL in staff_client.get("/admin/").content.decode()
    for model in ("article", "hub", "pillar", "author"):
        assert URL in staff_client.get(f"/admin/articles/{model}/").content.decode()


def test_staff_only_and_by_view_permission(hub, author, django_user_model):
    article = factories.make_article(hub, author=author, title="Hidden soon", slug="hidden-soon")
    article.published_at = timezone.now() + timedelta(days=1)
    article.save()
    _schedule_draft(author, timezone.now() + timedelta(days=1), short_bio="An author draft.")

    assert Client().get(URL).status_code == 302  # anonymous: to the sign-in page

    intake_user = django_user_model.objects.create_user(
        "intake", "i@example.org", "pw-long-enough", is_staff=True
    )
    intake_user.groups.add(Group.objects.get(name=INTAKE))
    intake = Client()
    intake.force_login(intake_user)
    assert intake.get(URL).status_code == 403
    assert URL not in intake.get("/admin/").content.decode()

    viewer = django_user_model.objects.create_user("viewer", "v@example.org", "pw-long-enough", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_author"))
    client = Client()
    client.force_login(viewer)
    html = client.get(URL).content.decode()
    assert "Dr Ada Example" in html and "Hidden soon" not in html  # authors only
    assert ">View<" in html  # may not change it
