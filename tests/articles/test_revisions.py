"""Drafts of live pages, revisions, compare, restore, conflicts and autosave, through the admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from articles.models import FAQ, Article
from leads.permissions import INTAKE
from revisions.models import Revision
from tests import factories
from tests.caching.admin_forms import form_data

pytestmark = pytest.mark.django_db


def change_url(page) -> str:
    return f"/admin/articles/{page._meta.model_name}/{page.pk}/change/"


def post_form(client: Client, url: str, changes: dict[str, str], button: str, opened: dict | None = None):
    """Submit the change form as a browser would, pressing ``button``; ``opened``: a form read earlier."""
    data = opened if opened is not None else form_data(client.get(url).content.decode())
    data = {name: list(values) for name, values in data.items()}
    for name, value in changes.items():
        data[name] = [value]
    data[button] = ["1"]
    return client.post(url, data)


def reader_page(url: str) -> tuple[bytes, str]:
    response = Client().get(url)
    assert response.status_code == 200
    return response.content, response.headers.get("X-Page-Cache", "")


@pytest.fixture
def live_article(hub, author):
    article = factories.make_article(hub, author=author, title="Trusted People", slug="trusted-people")
    article.body = "Trusted people lower the cost of stress."
    article.save()
    factories.add_faqs(article, 1)
    factories.add_takeaways(article, 1)
    return article


def test_save_draft_leaves_readers_page_and_cache_untouched(staff_client, live_article):
    url = live_article.get_absolute_url()
    before, _ = reader_page(url)
    reader_page(url)
    response = post_form(
        staff_client, change_url(live_article), {"body": "WORK IN PROGRESS sentence."}, "_save_draft"
    )
    assert response.status_code == 302
    messages = [str(m) for m in staff_client.get(response.url).context["messages"]]
    assert "Draft saved (not live)." in messages
    after, cache_state = reader_page(url)
    assert after == before
    assert "WORK IN PROGRESS" not in after.decode()
    assert cache_state == "hit", cache_state  # still served from the cache
    live_article.refresh_from_db()
    assert live_article.body == "Trusted people lower the cost of stress."
    # Staff who may preview see the draft at the page's address, privately.
    preview = staff_client.get(url)
    assert "WORK IN PROGRESS" in preview.content.decode()
    assert "private" in preview.headers["Cache-Control"]
    assert "unpublished changes" in preview.content.decode()


def test_change_form_and_list_show_the_pending_draft(staff_client, live_article):
    post_form(staff_client, change_url(live_article), {"body": "Draft body text."}, "_save_draft")
    form = staff_client.get(change_url(live_article)).content.decode()
    assert "Draft body text." in form
    assert "You are editing a draft" in form
    assert 'name="_save_draft"' in form and 'name="_publish"' in form
    listing = staff_client.get("/admin/articles/article/").content.decode()
    assert "Unpublished changes" in listing


def test_publish_applies_the_draft_and_rows(staff_client, live_article):
    url = change_url(live_article)
    post_form(
        staff_client,
        url,
        {"body": "New body.", "faqs-0-question": "A changed question?", "takeaways-0-text": "New takeaway."},
        "_save_draft",
    )
    assert "A changed question?" not in reader_page(live_article.get_absolute_url())[0].decode()
    response = post_form(staff_client, url, {}, "_publish")
    assert response.status_code == 302
    assert "Published." in [str(m) for m in staff_client.get(response.url).context["messages"]]
    page = reader_page(live_article.get_absolute_url())[0].decode()
    assert "New body." in page and "A changed question?" in page and "New takeaway." in page
    assert FAQ.objects.filter(article=live_article).count() == 1


def test_scheduled_draft_goes_live_when_its_time_comes(staff_client, live_article):
    moment = timezone.localtime() + timedelta(days=2)
    response = post_form(
        staff_client,
        change_url(live_article),
        {"body": "Scheduled body.", "_publish_at": moment.strftime("%Y-%m-%dT%H:%M")},
        "_publish",
    )
    shown = [str(m) for m in staff_client.get(response.url).context["messages"]]
    assert f"Scheduled for {moment.day} {moment:%b %Y, %H:%M}." in shown
    assert "Scheduled body." not in reader_page(live_article.get_absolute_url())[0].decode()
    Revision.objects.filter(scheduled_for__isnull=False).update(
        scheduled_for=timezone.now() - timedelta(seconds=1)
    )
    from mindlab import pagecache

    pagecache.invalidate()  # what the generation's own expiry does at that time
    assert "Scheduled body." in reader_page(live_article.get_absolute_url())[0].decode()


def test_scheduled_draft_sets_when_the_cache_expires(staff_client, live_article):
    from mindlab import pagecache

    moment = timezone.now() + timedelta(hours=5)
    post_form(
        staff_client,
        change_url(live_article),
        {"_publish_at": timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")},
        "_publish",
    )
    assert pagecache.next_scheduled_publish() == pytest.approx(
        moment.replace(second=0, microsecond=0).timestamp()
    )


def test_compare_highlights_changed_words_and_rows(staff_client, live_article):
    url = change_url(live_article)
    post_form(
        staff_client,
        url,
        {"body": "Trusted friends lower the cost of stress.", "faqs-0-question": "Who helps?"},
        "_save_draft",
    )
    baseline, draft = Revision.objects.order_by("pk")
    assert baseline.kind == Revision.Kind.SAVED and draft.kind == Revision.Kind.DRAFT
    compare = staff_client.get(
        f"/admin/articles/article/{live_article.pk}/history/compare/?a={baseline.pk}&b={draft.pk}"
    )
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "<del>people</del>" in html and "<ins>friends</ins>" in html
    assert "<ins>Who helps</ins>" in html  # the FAQ's question
    assert "<del>Question 0</del>" in html
    history = staff_client.get(f"/admin/articles/article/{live_article.pk}/history/").content.decode()
    assert f"#{draft.pk}" in history and "Restore as draft" in history


def test_restore_makes_an_old_revision_the_draft_and_brings_rows_back(staff_client, live_article):
    url = change_url(live_article)
    original_question = live_article.faqs.get().question
    post_form(staff_client, url, {"faqs-0-question": "Replaced question?"}, "_publish")
    first = Revision.objects.order_by("pk").first()
    response = staff_client.post(f"/admin/articles/article/{live_article.pk}/history/{first.pk}/restore/")
    assert response.status_code == 302
    restored = Revision.objects.first()
    assert restored.kind == Revision.Kind.RESTORED and restored.restored_from == first
    # Never published by restoring: readers still see the replacement.
    assert "Replaced question?" in reader_page(live_article.get_absolute_url())[0].decode()
    form = staff_client.get(url).content.decode()
    assert original_question in form
    post_form(staff_client, url, {}, "_publish")
    page = reader_page(live_article.get_absolute_url())[0].decode()
    assert original_question in page and "Replaced question?" not in page


def test_second_editor_on_a_stale_form_is_refused(staff_client, live_article, django_user_model):
    other = django_user_model.objects.create_superuser("second", "s@example.org", "a-long-test-password")
    second = Client()
    second.force_login(other)
    url = change_url(live_article)
    stale = form_data(second.get(url).content.decode())
    post_form(staff_client, url, {"body": "First editor's text."}, "_publish")
    response = post_form(second, url, {"body": "Second editor's text."}, "_publish", opened=stale)
    assert response.status_code == 200  # the form again, with their text
    html = response.content.decode()
    assert "Not saved" in html and "history/compare/" in html
    assert "Second editor&#x27;s text." in html or "Second editor's text." in html
    live_article.refresh_from_db()
    assert live_article.body == "First editor's text."


def test_autosave_stores_a_draft_not_the_live_page(staff_client, live_article):
    url = change_url(live_article)
    data = form_data(staff_client.get(url).content.decode())
    data["body"] = ["Typed but never saved."]
    response = staff_client.post(f"/admin/articles/article/{live_article.pk}/autosave/", data)
    assert response.status_code == 200, response.content
    revision = response.json()["revision"]
    data["_base_revision"] = [str(revision)]
    assert (
        staff_client.post(f"/admin/articles/article/{live_article.pk}/autosave/", data).json()["revision"]
        == revision
    )
    live_article.refresh_from_db()
    assert live_article.body == "Trusted people lower the cost of stress."
    assert "Typed but never saved." in staff_client.get(url).content.decode()
    assert Revision.objects.filter(kind=Revision.Kind.AUTOSAVE).count() == 1


def test_autosave_needs_csrf_and_staff(live_article, django_user_model):
    user = django_user_model.objects.create_superuser("csrf", "c@example.org", "a-long-test-password")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(f"/admin/articles/article/{live_article.pk}/autosave/", {}).status_code == 403
    anonymous = Client().post(f"/admin/articles/article/{live_article.pk}/autosave/", {})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous.url


def test_intake_sees_no_revisions(live_article, django_user_model, staff_client):
    post_form(staff_client, change_url(live_article), {"body": "Secret draft."}, "_save_draft")
    user = django_user_model.objects.create_user("intake", "i@example.org", "a-long-password", is_staff=True)
    user.groups.add(Group.objects.get(name=INTAKE))
    intake = Client()
    intake.force_login(user)
    assert intake.get(f"/admin/articles/article/{live_article.pk}/history/").status_code == 403
    draft = Revision.objects.first()
    assert (
        intake.get(f"/admin/articles/article/{live_article.pk}/history/compare/?a={draft.pk}").status_code
        == 403
    )
    assert (
        intake.post(f"/admin/articles/article/{live_article.pk}/history/{draft.pk}/restore/").status_code
        == 403
    )
    assert "Secret draft." not in intake.get(live_article.get_absolute_url()).content.decode()


def test_every_save_of_authors_and_pillars_is_a_revision(staff_client, author, pillar):
    for page, changes in ((author, {"short_bio": "A new short bio."}), (pillar, {"summary": "New summary."})):
        post_form(staff_client, change_url(page), changes, "_publish")
        revision = Revision.objects.first()
        assert revision.kind == Revision.Kind.SAVED
        assert revision.created_by.username == "editor"
        assert next(iter(changes.values())) in revision.snapshot["fields"].values()


def test_public_page_cost_does_not_grow_with_revisions(staff_client, live_article):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    reader = Client()  # ``client`` is the signed-in editor here (staff_client logs it in)

    def cost() -> int:
        from django.core.cache import caches

        for cache in caches.all():
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert reader.get(live_article.get_absolute_url()).status_code == 200
        return len(captured)

    baseline = cost()
    for number in range(5):
        post_form(staff_client, change_url(live_article), {"body": f"Draft {number}."}, "_save_draft")
    assert cost() <= baseline
    assert Article.objects.get(pk=live_article.pk).body == "Trusted people lower the cost of stress."


def test_scheduled_filter_lists_only_scheduled_pages(staff_client, hub, author):
    factories.make_article(hub, author=author, title="Already out", slug="already-out")
    later = factories.make_article(hub, author=author, title="Coming next week", slug="coming")
    later.published_at = timezone.now() + timedelta(days=7)
    later.save()
    listing = staff_client.get("/admin/articles/article/?state=scheduled").content.decode()
    assert "Coming next week" in listing and "Already out" not in listing


def test_new_page_author_defaults_to_the_signed_in_users_profile(staff_client, author, django_user_model):
    author.user = django_user_model.objects.get(username="editor")
    author.save()
    form = staff_client.get("/admin/articles/article/add/").content.decode()
    assert f'<option value="{author.pk}" selected>' in form


def test_publishing_later_changes_cancels_an_older_schedule(staff_client, live_article):
    moment = timezone.localtime() + timedelta(days=1)
    url = change_url(live_article)
    post_form(
        staff_client,
        url,
        {"body": "Scheduled.", "_publish_at": moment.strftime("%Y-%m-%dT%H:%M")},
        "_publish",
    )
    response = post_form(staff_client, url, {"body": "Published now."}, "_publish")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not Revision.objects.filter(scheduled_for__isnull=False).exists()  # no longer waiting
    assert "Published now." in reader_page(live_article.get_absolute_url())[0].decode()
