"""Drafts of author and pillar pages: staff preview them at the page's address, readers keep the live page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from articles.models import AuthorLink
from leads.permissions import INTAKE
from tests.caching.admin_forms import form_data

pytestmark = pytest.mark.django_db


def change_url(page) -> str:
    return f"/admin/articles/{page._meta.model_name}/{page.pk}/change/"


def save_draft(client, page, changes: dict[str, str]):
    data = {
        name: list(values)
        for name, values in form_data(client.get(change_url(page)).content.decode()).items()
    }
    for name, value in changes.items():
        data[name] = [value]
    data["_save_draft"] = ["1"]
    response = client.post(change_url(page), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def read(client: Client, url: str) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), response.headers.get("X-Page-Cache", "")


def test_author_draft_is_previewed_by_staff_only(staff_client, author, django_user_model):
    AuthorLink.objects.create(
        author=author, label="University page", url="https://example.org/ada", position=0
    )
    url = author.get_absolute_url()
    reader = Client()
    before, _ = read(reader, url)
    save_draft(
        staff_client,
        author,
        {
            "bio": "A **draft** biography sentence.",
            "links-0-label": "Lab website",
            "job_title": "Draft job title",
        },
    )
    after, cache = read(reader, url)
    assert after == before and cache == "hit"
    assert "draft** biography" not in after and "Draft job title" not in after

    preview = staff_client.get(url)
    html = preview.content.decode()
    assert "A <strong>draft</strong> biography sentence." in html
    assert "Lab website" in html and "University page" not in html
    assert "Preview of a draft" in html
    assert "private" in preview.headers["Cache-Control"]
    assert preview.headers["X-Robots-Tag"] == "noindex, nofollow"

    intake_user = django_user_model.objects.create_user(
        "intake", "i@example.org", "pw-long-enough", is_staff=True
    )
    intake_user.groups.add(Group.objects.get(name=INTAKE))
    intake = Client()
    intake.force_login(intake_user)
    assert "Draft job title" not in intake.get(url).content.decode()


def test_pillar_draft_is_previewed_by_staff_only(staff_client, pillar, hub):
    url = pillar.get_absolute_url()
    reader = Client()
    before, _ = read(reader, url)
    save_draft(
        staff_client,
        pillar,
        {"intro": "## Draft intro heading\n\nDraft intro text.", "name": "Stress (draft)"},
    )
    assert read(reader, url)[0] == before
    html = staff_client.get(url).content.decode()
    assert "Draft intro heading" in html and "Stress (draft)" in html
    assert "Preview of a draft" in html
    assert hub.title in html  # its hubs are still listed


def test_publishing_the_author_draft_shows_it_to_readers(staff_client, author):
    save_draft(staff_client, author, {"short_bio": "The new short bio."})
    data = {
        name: list(values)
        for name, values in form_data(staff_client.get(change_url(author)).content.decode()).items()
    }
    data["_publish"] = ["1"]
    assert staff_client.post(change_url(author), data).status_code == 302
    assert "The new short bio." in Client().get(author.get_absolute_url()).content.decode()
