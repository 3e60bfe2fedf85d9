"""Stored article page parts (``articles.page_parts``): served only while true.

Every request here carries ``?fresh=1``, a query string the page cache never serves,
so what is tested is the view with its stored parts, not the page cache in front.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from articles import page_parts
from articles.models import FAQ, Article, ArticlePageParts, AuthorLink, Status, Takeaway
from mindlab import pagecache
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader() -> Client:
    return Client()


@pytest.fixture
def site(article, hub, pillar, author):
    factories.add_takeaways(article, 2)
    factories.add_faqs(article, 2)
    sibling = factories.make_article(
        hub, author=author, title="Sibling Piece", slug="sibling-piece", position=1
    )
    return {"article": article, "hub": hub, "pillar": pillar, "author": author, "sibling": sibling}


def page(reader: Client, article: Article) -> str:
    response = reader.get(article.get_absolute_url(), {"fresh": "1"})
    assert response.status_code == 200
    return response.content.decode()


def stored(article: Article) -> ArticlePageParts | None:
    row = ArticlePageParts.objects.filter(pk=article.pk).first()
    return row if row is not None and row.release == page_parts.release() else None


def served_from_parts(reader: Client, article: Article, django_assert_max_num_queries) -> str:
    """The page, checked to come from current stored parts (one query, nothing rendered)."""
    assert stored(article) is not None, "no current stored parts"
    with django_assert_max_num_queries(1):
        return page(reader, article)


# --- Serving ---------------------------------------------------------------------------


def test_first_request_stores_the_parts_and_the_next_is_one_query(
    reader, site, django_assert_max_num_queries
):
    first = page(reader, site["article"])
    assert stored(site["article"]) is not None
    again = served_from_parts(reader, site["article"], django_assert_max_num_queries)
    assert again == first
    assert "Trusted People" in again and "Key Takeaways" in again and "Related reading" in again


def test_stored_page_is_identical_to_a_fresh_render(reader, site):
    stored_page = page(reader, site["article"])
    page(reader, site["article"])
    ArticlePageParts.objects.update(release="")
    fresh_page = page(reader, site["article"])
    assert fresh_page == stored_page


def test_related_reading_lists_are_recorded(reader, site):
    page(reader, site["article"])
    assert stored(site["article"]).listed_article_ids == f",{site['sibling'].pk},"


def test_unpublished_behind_djangos_back_is_gone_at_once(reader, site):
    """Visibility is checked live in the one query, never taken from the stored parts."""
    page(reader, site["article"])
    Article.objects.filter(pk=site["article"].pk).update(status=Status.DRAFT)  # no signals
    assert reader.get(site["article"].get_absolute_url(), {"fresh": "1"}).status_code == 404
    Article.objects.filter(pk=site["article"].pk).update(
        status=Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1)
    )
    assert reader.get(site["article"].get_absolute_url(), {"fresh": "1"}).status_code == 404


def test_staff_never_get_stored_parts_and_never_store_theirs(staff_client, reader, site):
    draft_hub = factories.make_hub(site["pillar"], published=False, title="Hidden Hub", slug="hidden-hub")
    piece = factories.make_article(
        draft_hub, author=site["author"], title="Piece Under Wraps", slug="in-hidden"
    )
    staff_html = staff_client.get(piece.get_absolute_url(), {"fresh": "1"}).content.decode()
    assert "Hidden Hub" in staff_html  # staff see the unpublished hub in the breadcrumbs...
    assert stored(piece) is None  # ...and that page is not kept for readers
    reader_html = page(reader, piece)
    assert "Hidden Hub" not in reader_html
    assert "Hidden Hub" in staff_client.get(piece.get_absolute_url(), {"fresh": "1"}).content.decode()


def test_a_draft_preview_stores_nothing(staff_client, hub, author):
    draft = factories.make_article(hub, author=author, published=False, title="Work In Progress")
    assert staff_client.get(draft.get_absolute_url()).status_code == 200
    assert not ArticlePageParts.objects.filter(pk=draft.pk).exists()


def test_writing_parts_is_no_content_edit_for_the_page_cache(reader, site):
    generation = pagecache.current_state()["gen"]
    page(reader, site["article"])
    assert stored(site["article"]) is not None
    assert pagecache.current_state()["gen"] == generation


# --- Every change a page shows makes it stale ------------------------------------------
# Each case changes something through the ORM (as the admin does) and returns the text
# the article page must now show (or, with a leading "!", must no longer show).


def _retitle_article(site):
    site["article"].title = "Trusted People Retitled"
    site["article"].save()
    return "Trusted People Retitled"


def _add_takeaway(site):
    Takeaway.objects.create(article=site["article"], text="A brand new takeaway", position=7)
    return "A brand new takeaway"


def _edit_faq(site):
    faq = site["article"].faqs.first()
    faq.answer = "An **edited** answer."
    faq.save()
    return "edited</strong> answer"


def _delete_faq(site):
    faq = site["article"].faqs.first()
    question = faq.question
    faq.delete()
    return "!" + question


def _rename_author(site):
    site["author"].name = "Dr Ada Renamed"
    site["author"].save()
    return "Dr Ada Renamed"


def _add_author_link(site):
    AuthorLink.objects.create(author=site["author"], label="ORCID", url="https://orcid.org/0000-0001")
    return "https://orcid.org/0000-0001"


def _new_reviewer(site):
    reviewer = factories.make_author(name="Dr Rev Iewer", credentials="MD")
    site["article"].reviewed_by = reviewer
    site["article"].reviewed_at = timezone.localdate()
    site["article"].save()
    reviewer.name = "Dr Rev Renamed"
    reviewer.save()
    return "Dr Rev Renamed"


def _rename_hub(site):
    site["hub"].title = "Social Resilience Renamed"
    site["hub"].save()
    return "Social Resilience Renamed"


def _rename_pillar(site):
    site["pillar"].name = "Stress Renamed"
    site["pillar"].save()
    return "Stress Renamed"


def _retitle_related_article(site):
    site["sibling"].title = "Sibling Retitled"
    site["sibling"].save()
    return "Sibling Retitled"


def _unpublish_related_article(site):
    site["sibling"].status = Status.DRAFT
    site["sibling"].save()
    return "!Sibling Piece"


def _publish_article_in_same_hub(site):
    factories.make_article(site["hub"], author=site["author"], title="Newcomer In The Hub", position=0)
    return "Newcomer In The Hub"


def _publish_article_in_same_pillar(site):
    other_hub = factories.make_hub(site["pillar"], title="Neighbour Hub", slug="neighbour-hub")
    site["sibling"].delete()
    factories.make_article(other_hub, author=site["author"], title="Pillar Neighbour")
    return "Pillar Neighbour"


def _unpublish_hub(site):
    site["hub"].status = Status.DRAFT
    site["hub"].save()
    return '!href="/hubs/social-resilience/"'


@pytest.mark.parametrize(
    "change",
    [
        _retitle_article,
        _add_takeaway,
        _edit_faq,
        _delete_faq,
        _rename_author,
        _add_author_link,
        _new_reviewer,
        _rename_hub,
        _rename_pillar,
        _retitle_related_article,
        _unpublish_related_article,
        _publish_article_in_same_hub,
        _publish_article_in_same_pillar,
        _unpublish_hub,
    ],
)
def test_a_change_shows_on_the_next_request(reader, site, change, django_assert_max_num_queries):
    page(reader, site["article"])
    served_from_parts(reader, site["article"], django_assert_max_num_queries)
    expected = change(site)
    html = page(reader, site["article"])
    if expected.startswith("!"):
        assert expected[1:] not in html, change.__name__
    else:
        assert expected in html, change.__name__
    served_from_parts(reader, site["article"], django_assert_max_num_queries)  # stored again


def test_an_unrelated_edit_keeps_other_pages_stored(reader, site, pillar, author):
    elsewhere = factories.make_article(None, author=factories.make_author(), title="Standalone Elsewhere")
    page(reader, site["article"])
    elsewhere.body += "\n\nOne more paragraph."
    elsewhere.save()
    assert stored(site["article"]) is not None


def test_an_edit_that_does_not_move_an_article_leaves_its_neighbours(reader, site):
    page(reader, site["article"])
    site["sibling"].body += "\n\nA new paragraph nobody else shows."
    site["sibling"].save()
    assert stored(site["article"]) is not None


def test_cited_work_edit_and_further_reading(reader, site):
    from references.api import attach_further_reading
    from tests.references.helpers import make_citation, person

    work = make_citation(key="coan2006", authors=[person("Coan", "J. A.")], year=2006, title="Lending a hand")
    site["article"].body += "\n\nHolding hands calms the brain [@coan2006]."
    site["article"].save()
    assert "Lending a hand" in page(reader, site["article"])
    work.title = "Lending a hand, revised"
    work.save()
    assert "Lending a hand, revised" in page(reader, site["article"])
    extra = make_citation(key="zed2001", authors=[person("Zed", "A.")], year=2001, title="A late work")
    attach_further_reading(site["article"], [extra])  # bulk_create: no model signals
    assert "A late work" in page(reader, site["article"])


def test_articles_sharing_a_work_list_each_other_once_it_is_cited(reader, author):
    from tests.references.helpers import make_citation, person

    make_citation(key="porges2011", authors=[person("Porges", "S. W.")], year=2011, title="Polyvagal theory")
    first = factories.make_article(None, author=author, title="First Standalone", body="Text [@porges2011].")
    second = factories.make_article(None, author=author, title="Second Standalone", body="Text.")
    assert "Second Standalone" not in page(reader, first)
    second.body = "Now it cites it too [@porges2011]."
    second.save()
    assert "Second Standalone" in page(reader, first)


def test_writes_behind_djangos_back_and_invalidate(reader, site):
    page(reader, site["article"])
    Article.objects.filter(pk=site["article"].pk).update(subtitle="A subtitle set by SQL")
    pagecache.invalidate()
    assert "A subtitle set by SQL" in page(reader, site["article"])


def test_a_new_release_renders_again(reader, site, settings):
    assert "https://example.org" not in page(reader, site["article"])
    settings.SITE_URL = "https://example.org"
    assert 'href="https://example.org/articles/trusted-people/"' in page(reader, site["article"])


# --- Time and races --------------------------------------------------------------------


def test_scheduled_related_article_appears_at_its_time(reader, site, monkeypatch):
    start = timezone.now()
    site["sibling"].delete()
    factories.make_article(
        site["hub"], author=site["author"], title="Scheduled Sibling", published_at=start + timedelta(hours=3)
    )
    assert "Scheduled Sibling" not in page(reader, site["article"])
    assert stored(site["article"]).expires_at == pytest.approx(
        start + timedelta(hours=3), abs=timedelta(seconds=1)
    )
    later = start + timedelta(hours=3, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(pagecache.time, "time", lambda: later.timestamp())
    assert "Scheduled Sibling" in page(reader, site["article"])


def test_scheduled_hub_appears_in_the_breadcrumbs_at_its_time(reader, pillar, author, monkeypatch):
    start = timezone.now()
    hub = factories.make_hub(pillar, title="Hub Coming Soon", published_at=start + timedelta(hours=1))
    piece = factories.make_article(hub, author=author, title="Early Piece")
    assert "Hub Coming Soon" not in page(reader, piece)
    later = start + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(pagecache.time, "time", lambda: later.timestamp())
    assert "Hub Coming Soon" in page(reader, piece)


def test_parts_rendered_while_content_changed_are_not_kept(rf, site):
    """A reader rendering from data an editor changed meanwhile: the parts are stale at once."""
    generation = page_parts.begin_render()
    parts = {"head": "<title>old</title>", "breadcrumbs": "", "main": "old"}
    page_parts.store(site["article"], parts, listed=[], generation=generation)
    assert stored(site["article"]) is not None  # nothing changed meanwhile: kept
    pagecache.invalidate()  # an editor's change lands while the reader renders
    page_parts.store(site["article"], parts, listed=[], generation=generation)
    assert stored(site["article"]) is None


def test_marks_repeat_when_the_transaction_commits(reader, site, django_capture_on_commit_callbacks):
    """A reader may store parts between an edit and its commit; the commit marks them again."""
    page(reader, site["article"])
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        FAQ(article=site["article"], question="Added inside a transaction?", answer="Yes.").save()
    ArticlePageParts.objects.filter(pk=site["article"].pk).update(release=page_parts.release())
    for callback in callbacks:
        callback()
    assert stored(site["article"]) is None


def test_in_development_an_edited_template_renders_again(settings, tmp_path, monkeypatch):
    """``runserver`` reloads templates without a restart; stored parts follow the files."""
    template = tmp_path / "byline.html"
    template.write_text("<p>By</p>")
    monkeypatch.setattr(page_parts, "_source_files", lambda: [template])
    settings.DEBUG = True
    before = page_parts.release()
    template.write_text("<p>Written by</p>")
    assert page_parts.release() != before
    settings.DEBUG = False
    assert page_parts.release() == page_parts.release()  # production: fixed per process


@pytest.mark.parametrize(
    ("status", "hours_from_now"),
    [(Status.PUBLISHED, -1), (Status.PUBLISHED, 1), (Status.DRAFT, -1), (Status.DRAFT, None)],
)
def test_the_stored_parts_query_agrees_with_published(reader, site, status, hours_from_now):
    """The hand-written SQL of ``stored_parts`` means what ``Article.objects.published()`` means."""
    article = site["article"]
    page(reader, article)
    when = None if hours_from_now is None else timezone.now() + timedelta(hours=hours_from_now)
    Article.objects.filter(pk=article.pk).update(status=status, published_at=when)  # parts stay current
    assert stored(article) is not None
    published = Article.objects.published().filter(slug=article.slug).exists()
    assert (page_parts.stored_parts(article.slug) is not None) == published
