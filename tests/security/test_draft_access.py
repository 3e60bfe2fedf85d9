"""Least privilege for unpublished pages: only people who may see that kind of page in the
admin can preview it at its public address. Being staff (the Intake coordinator) is not enough."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from leads.permissions import EDITORS, INTAKE
from tests import factories

pytestmark = pytest.mark.django_db


def signed_in(
    django_user_model, username: str, *, group: str | None = None, perms: tuple[str, ...] = ()
) -> Client:
    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", "a-long-password", is_staff=True
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def drafts(pillar, author):
    draft_hub = factories.make_hub(pillar, title="Unpublished hub", slug="unpublished-hub", published=False)
    in_draft_hub = factories.make_article(draft_hub, author=author, title="Live piece", slug="live-piece")
    draft = factories.make_article(
        draft_hub, author=author, title="Draft piece", slug="draft-piece", published=False
    )
    return {
        "article": draft.get_absolute_url(),
        "hub": draft_hub.get_absolute_url(),
        "export": "/references/export/article/draft-piece.bib",
        "in_draft_hub": in_draft_hub.get_absolute_url(),
    }


def test_intake_cannot_read_drafts_at_their_address(django_user_model, drafts):
    intake = signed_in(django_user_model, "coordinator", group=INTAKE)
    for name in ("article", "hub", "export"):
        assert intake.get(drafts[name]).status_code == 404, name
    # A published article in an unpublished hub: readable, but the hub stays hidden.
    page = intake.get(drafts["in_draft_hub"]).content.decode()
    assert "Unpublished hub" not in page


def test_staff_without_content_permissions_see_what_readers_see(django_user_model, drafts):
    bare = signed_in(django_user_model, "bare")
    assert bare.get(drafts["article"]).status_code == 404
    assert bare.get(drafts["hub"]).status_code == 404


def test_editors_preview_drafts_privately(django_user_model, drafts):
    editor = signed_in(django_user_model, "writer", group=EDITORS)
    for name in ("article", "hub", "export"):
        response = editor.get(drafts[name])
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"], name
    assert "Unpublished hub" in editor.get(drafts["in_draft_hub"]).content.decode()


def test_permission_is_per_kind_of_page(django_user_model, drafts):
    articles_only = signed_in(django_user_model, "articles-only", perms=("view_article",))
    assert articles_only.get(drafts["article"]).status_code == 200
    assert articles_only.get(drafts["hub"]).status_code == 404


def test_readers_never_see_drafts(client, drafts):
    for name in ("article", "hub", "export"):
        assert client.get(drafts[name]).status_code == 404, name
