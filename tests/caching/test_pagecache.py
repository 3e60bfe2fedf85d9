"""The page cache: what is cached, its headers, and that no edit is ever missed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import FAQ, Article, AuthorLink, Status, Takeaway
from mindlab import pagecache
from tests import factories
from tests.caching.admin_forms import submit_change_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader() -> Client:
    """An anonymous visitor, separate from the (possibly logged-in) ``client``."""
    return Client()


@pytest.fixture
def site(article, hub, pillar, author):
    """One of each page type, all showing each other, with FAQs and takeaways."""
    factories.add_takeaways(article, 2)
    factories.add_faqs(article, 2)
    factories.add_faqs(hub, 1)
    AuthorLink.objects.create(author=author, label="University page", url="https://example.org/ada")
    sibling = factories.make_article(hub, author=author, title="Sibling Piece", slug="sibling-piece")
    return {"article": article, "hub": hub, "pillar": pillar, "author": author, "sibling": sibling}


def page_urls(site) -> dict[str, str]:
    return {
        "home": reverse("articles:home"),
        "pillar": site["pillar"].get_absolute_url(),
        "hub": site["hub"].get_absolute_url(),
        "article": site["article"].get_absolute_url(),
        "sibling": site["sibling"].get_absolute_url(),
        "author": site["author"].get_absolute_url(),
    }


def warm(reader: Client, url: str) -> str:
    """Request a page twice; the second answer must come from the cache."""
    first = reader.get(url)
    assert first.status_code == 200, url
    second = reader.get(url)
    assert second["X-Page-Cache"] == "hit", url
    return second.content.decode()


# --- What is cached, and how it is labelled ------------------------------------------


def test_anonymous_page_is_cached_with_revalidation_headers(reader, site):
    url = site["article"].get_absolute_url()
    first = reader.get(url)
    second = reader.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert first.content == second.content
    for response in (first, second):
        cache_control = response["Cache-Control"]
        assert "public" in cache_control
        assert "max-age=" in cache_control
        assert "s-maxage=" in cache_control
        assert "must-revalidate" in cache_control
        assert response["ETag"].startswith('"')
        assert response.has_header("Last-Modified")
        assert "Cookie" in response["Vary"]
        # The outer middleware still secures cached responses.
        assert response["X-Frame-Options"] == "DENY"
        assert "Content-Security-Policy" in response
        assert "Permissions-Policy" in response
        assert not response.cookies
    assert first["ETag"] == second["ETag"]


@pytest.mark.parametrize("name", ["home", "pillar", "hub", "article", "author"])
def test_every_public_page_type_is_cached(reader, site, name):
    warm(reader, page_urls(site)[name])


def test_if_none_match_gets_304(reader, site):
    url = site["article"].get_absolute_url()
    etag = reader.get(url)["ETag"]
    response = reader.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""
    other = reader.get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_if_modified_since_gets_304(reader, site):
    url = site["hub"].get_absolute_url()
    last_modified = reader.get(url)["Last-Modified"]
    assert reader.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304


def test_head_is_answered_from_the_cache(reader, site):
    url = site["article"].get_absolute_url()
    reader.get(url)
    response = reader.head(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def test_changed_content_changes_the_etag(reader, site):
    url = site["article"].get_absolute_url()
    etag = reader.get(url)["ETag"]
    site["article"].title = "Trusted People, Revised"
    site["article"].save()
    response = reader.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_cached_pages_hold_no_csrf_token_or_nonce(reader, site):
    for url in page_urls(site).values():
        html = warm(reader, url)
        assert "csrfmiddlewaretoken" not in html
        assert "nonce" not in html
        response = reader.get(url)
        assert "nonce-" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("query", "cached"),
    [
        ("", True),
        ("?utm_source=newsletter&utm_medium=email", True),
        ("?fbclid=abc123", True),
        ("?page=2", True),
        ("?preview=1", False),
        ("?q=stress", False),
        ("?utm_source=x&anything=else", False),
    ],
)
def test_only_harmless_query_strings_are_cached(reader, site, query, cached):
    url = site["article"].get_absolute_url() + query
    reader.get(url)
    second = reader.get(url)
    assert (second.get("X-Page-Cache") == "hit") is cached


def test_click_ids_share_the_entry_of_the_bare_address(reader, site):
    url = site["article"].get_absolute_url()
    reader.get(url)
    assert reader.get(url + "?fbclid=one")["X-Page-Cache"] == "hit"
    assert reader.get(url + "?gclid=two")["X-Page-Cache"] == "hit"


def test_staff_responses_are_never_cached(staff_client, reader, site):
    url = site["article"].get_absolute_url()
    for _ in range(2):
        response = staff_client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
    # A staff visit leaves nothing behind for readers.
    assert reader.get(url)["X-Page-Cache"] == "miss"


def test_staff_do_not_get_the_readers_copy(staff_client, reader, site):
    url = site["article"].get_absolute_url()
    warm(reader, url)
    response = staff_client.get(url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_preview_of_a_draft_is_never_cached_nor_leaked(staff_client, reader, hub, author):
    draft = factories.make_article(hub, author=author, published=False, title="Secret Draft", slug="secret")
    url = draft.get_absolute_url()
    preview = staff_client.get(url)
    assert preview.status_code == 200
    assert "Secret Draft" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    assert "X-Page-Cache" not in preview
    assert reader.get(url).status_code == 404
    assert reader.get(url).status_code == 404


def test_not_found_is_not_cached(reader, site):
    url = "/articles/not-written-yet/"
    assert reader.get(url).status_code == 404
    response = reader.get(url)
    assert response.status_code == 404
    assert "X-Page-Cache" not in response


def test_booking_admin_and_post_are_not_cached(reader, site):
    for url in ["/strategy-call/", "/admin/login/"]:
        reader.get(url)
        assert "X-Page-Cache" not in reader.get(url), url
    reader.post(site["article"].get_absolute_url())
    assert reader.get(site["article"].get_absolute_url())["X-Page-Cache"] == "miss"


def test_feeds_and_sitemaps_are_cached_and_search_is_not(reader, site):
    for url in ["/feed/", "/feed/atom/", "/sitemap.xml"]:
        warm(reader, url)
    reader.get("/search/?q=trusted")
    assert "X-Page-Cache" not in reader.get("/search/?q=trusted")


def test_responses_that_set_cookies_or_are_private_are_not_stored(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    request = rf.get("/articles/x/")
    request.user = AnonymousUser()
    assert pagecache.is_storable(request, HttpResponse("ok"))
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("csrftoken", "abc")
    assert not pagecache.is_storable(request, with_cookie)
    private = HttpResponse("ok", headers={"Cache-Control": "private"})
    assert not pagecache.is_storable(request, private)
    varies = HttpResponse("ok", headers={"Vary": "Accept-Language"})
    assert not pagecache.is_storable(request, varies)
    token = HttpResponse('<input name="csrfmiddlewaretoken" value="x">')
    assert not pagecache.is_storable(request, token)
    assert not pagecache.is_storable(request, HttpResponse("gone", status=410))


def test_a_page_whose_policy_names_a_nonce_is_not_stored(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    request = rf.get("/articles/x/")
    request.user = AnonymousUser()
    plain = HttpResponse("ok", headers={"Content-Security-Policy": "default-src 'self'"})
    assert pagecache.is_storable(request, plain)
    nonce = HttpResponse("ok", headers={"Content-Security-Policy": "script-src 'self' 'nonce-abc123'"})
    assert not pagecache.is_storable(request, nonce)


# --- Invalidation through the ORM ------------------------------------------------------
# Each case: a change, the text it produces, and the pages that must show it.


def _rename_article(site):
    site["article"].title = "Trusted People Renamed"
    site["article"].save()
    return "Trusted People Renamed", ["home", "hub", "article", "sibling", "author"]


def _rename_hub(site):
    site["hub"].title = "Social Resilience Renamed"
    site["hub"].save()
    return "Social Resilience Renamed", ["home", "pillar", "hub", "article", "author"]


def _rename_pillar(site):
    site["pillar"].name = "Stress Renamed"
    site["pillar"].save()
    return "Stress Renamed", ["home", "pillar", "hub", "article"]


def _rename_author(site):
    site["author"].name = "Dr Ada Renamed"
    site["author"].save()
    return "Dr Ada Renamed", ["home", "hub", "article", "author"]


def _edit_article_faq(site):
    faq = site["article"].faqs.first()
    faq.answer = "A **revised** answer about vagal tone."
    faq.save()
    return "revised</strong> answer about vagal tone", ["article"]


def _add_hub_faq(site):
    FAQ(hub=site["hub"], question="Is this a new hub question?", answer="Yes.", position=9).save()
    return "Is this a new hub question?", ["hub"]


def _edit_takeaway(site):
    takeaway = site["article"].takeaways.first()
    takeaway.text = "Sleep before decisions"
    takeaway.save()
    return "Sleep before decisions", ["article"]


def _add_author_link(site):
    AuthorLink.objects.create(author=site["author"], label="ORCID profile", url="https://orcid.org/0000")
    return "ORCID profile", ["author"]


def _publish_new_article(site):
    factories.make_article(site["hub"], author=site["author"], title="Brand New Piece", slug="brand-new")
    return "Brand New Piece", ["home", "hub", "author", "article"]


def _reorder_hub(site):
    site["sibling"].title = "Sibling Moved First"
    site["sibling"].position = 0
    site["sibling"].save()
    site["article"].position = 5
    site["article"].save()
    return "Sibling Moved First", ["hub", "article", "home", "author"]


@pytest.mark.parametrize(
    "change",
    [
        _rename_article,
        _rename_hub,
        _rename_pillar,
        _rename_author,
        _edit_article_faq,
        _add_hub_faq,
        _edit_takeaway,
        _add_author_link,
        _publish_new_article,
        _reorder_hub,
    ],
)
def test_orm_edit_shows_on_every_page_on_the_next_request(reader, site, change):
    urls = page_urls(site)
    for url in urls.values():
        warm(reader, url)
    text, pages = change(site)
    for name in pages:
        html = reader.get(urls[name]).content.decode()
        assert text in html, f"{name} page is stale after {change.__name__}"


def test_unpublishing_removes_the_article_everywhere(reader, site):
    urls = page_urls(site)
    for url in urls.values():
        warm(reader, url)
    article = site["article"]
    article.unpublish()
    article.save()
    assert reader.get(urls["article"]).status_code == 404
    for name in ["home", "hub", "sibling", "author"]:
        assert "Trusted People" not in reader.get(urls[name]).content.decode(), name


def test_deleting_a_faq_removes_it(reader, site):
    url = site["article"].get_absolute_url()
    assert "Question 1?" in warm(reader, url)
    FAQ.objects.filter(article=site["article"], question="Question 1?").delete()
    assert "Question 1?" not in reader.get(url).content.decode()


def test_deleting_takeaways_in_bulk_removes_them(reader, site):
    url = site["article"].get_absolute_url()
    assert "Key Takeaways" in warm(reader, url)
    Takeaway.objects.filter(article=site["article"]).delete()
    assert "Key Takeaways" not in reader.get(url).content.decode()


def test_unpublishing_a_hub_hides_it_from_pillar_home_and_breadcrumbs(reader, site):
    urls = page_urls(site)
    for url in urls.values():
        warm(reader, url)
    hub = site["hub"]
    hub.unpublish()
    hub.save()
    assert reader.get(urls["hub"]).status_code == 404
    for name in ["home", "pillar", "article"]:
        assert "Social Resilience" not in reader.get(urls[name]).content.decode(), name


def test_explicit_invalidate_covers_writes_behind_the_orms_back(reader, site):
    url = site["article"].get_absolute_url()
    warm(reader, url)
    Article.objects.filter(pk=site["article"].pk).update(title="Bulk Updated Title")
    pagecache.invalidate()
    assert "Bulk Updated Title" in reader.get(url).content.decode()


def test_changes_outside_the_content_apps_keep_the_cache(reader, site, django_user_model):
    url = site["article"].get_absolute_url()
    warm(reader, url)
    django_user_model.objects.create_user("someone", "someone@example.org", "a-long-password-1")
    assert reader.get(url)["X-Page-Cache"] == "hit"


def test_invalidation_also_happens_when_the_transaction_commits(
    reader, site, django_capture_on_commit_callbacks
):
    url = site["article"].get_absolute_url()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        site["article"].title = "Committed Title"
        site["article"].save()
    warm(reader, url)  # a request that ran before the commit re-caches the page...
    for callback in callbacks:
        callback()
    # ...and the commit makes it stale again.
    assert reader.get(url)["X-Page-Cache"] == "miss"


# --- Scheduling -----------------------------------------------------------------------


def test_scheduled_article_appears_at_its_time_without_any_edit(reader, site, monkeypatch):
    start = timezone.now()
    factories.make_article(
        site["hub"],
        author=site["author"],
        title="Scheduled Piece",
        slug="scheduled-piece",
        published_at=start + timedelta(hours=2),
    )
    scheduled = Article.objects.get(slug="scheduled-piece")
    assert scheduled.status == Status.PUBLISHED
    assert scheduled.is_scheduled
    urls = page_urls(site)
    for name in ["home", "hub", "author"]:
        assert "Scheduled Piece" not in warm(reader, urls[name])
    assert reader.get("/articles/scheduled-piece/").status_code == 404
    # Browsers and CDNs are not told to keep the page past the publish time.
    response = reader.get(urls["home"])
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age <= 2 * 3600

    later = start + timedelta(hours=2, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(pagecache.time, "time", lambda: later.timestamp())
    for name in ["home", "hub", "author"]:
        assert "Scheduled Piece" in reader.get(urls[name]).content.decode(), name
    assert reader.get("/articles/scheduled-piece/").status_code == 200


def test_generation_expires_at_the_next_scheduled_publish(site):
    when = timezone.now() + timedelta(minutes=30)
    factories.make_article(site["hub"], author=site["author"], slug="later", published_at=when)
    assert pagecache.next_scheduled_publish() == pytest.approx(when.timestamp())
    assert pagecache.generation()["next"] == pytest.approx(when.timestamp())


# --- Invalidation through the admin ------------------------------------------------------


def test_admin_edit_of_an_article_is_on_every_page_at_once(staff_client, reader, site):
    urls = page_urls(site)
    for url in urls.values():
        warm(reader, url)
    article = site["article"]
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    submit_change_form(staff_client, change_url, {"title": "Edited In The Admin"})
    assert Article.objects.get(pk=article.pk).title == "Edited In The Admin"
    for name in ["home", "hub", "article", "sibling", "author"]:
        assert "Edited In The Admin" in reader.get(urls[name]).content.decode(), name


def test_admin_edit_of_an_article_faq_inline(staff_client, reader, site):
    url = site["article"].get_absolute_url()
    warm(reader, url)
    change_url = reverse("admin:articles_article_change", args=[site["article"].pk])
    submit_change_form(staff_client, change_url, {"faqs-0-question": "Edited question in admin?"})
    assert "Edited question in admin?" in reader.get(url).content.decode()


def test_admin_unpublish_action(staff_client, reader, site):
    urls = page_urls(site)
    for url in urls.values():
        warm(reader, url)
    changelist = reverse("admin:articles_article_changelist")
    response = staff_client.post(
        changelist,
        {"action": "unpublish_selected", "_selected_action": [site["article"].pk]},
    )
    assert response.status_code == 302
    assert reader.get(urls["article"]).status_code == 404
    assert "Trusted People" not in reader.get(urls["home"]).content.decode()


def test_admin_edit_of_hub_pillar_and_author(staff_client, reader, site):
    urls = page_urls(site)
    for url in urls.values():
        warm(reader, url)
    submit_change_form(
        staff_client, reverse("admin:articles_hub_change", args=[site["hub"].pk]), {"title": "Hub Via Admin"}
    )
    submit_change_form(
        staff_client,
        reverse("admin:articles_pillar_change", args=[site["pillar"].pk]),
        {"name": "Pillar Via Admin"},
    )
    submit_change_form(
        staff_client,
        reverse("admin:articles_author_change", args=[site["author"].pk]),
        {"name": "Author Via Admin"},
    )
    for name in ["home", "pillar", "hub", "article"]:
        assert "Pillar Via Admin" in reader.get(urls[name]).content.decode(), name
    for name in ["home", "pillar", "hub", "article", "author"]:
        assert "Hub Via Admin" in reader.get(urls[name]).content.decode(), name
    for name in ["hub", "article", "author"]:
        assert "Author Via Admin" in reader.get(urls[name]).content.decode(), name


def test_admin_scheduling_hides_until_the_time(staff_client, reader, site):
    urls = page_urls(site)
    warm(reader, urls["home"])
    future = timezone.localtime(timezone.now() + timedelta(days=3))
    submit_change_form(
        staff_client,
        reverse("admin:articles_article_change", args=[site["article"].pk]),
        {"published_at_0": future.strftime("%d/%m/%Y"), "published_at_1": future.strftime("%H:%M:%S")},
    )
    assert Article.objects.get(pk=site["article"].pk).is_scheduled
    assert "Trusted People" not in reader.get(urls["home"]).content.decode()
    assert reader.get(urls["article"]).status_code == 404


# --- Several app servers: one shared cache ---------------------------------------------


def _redis_url() -> str | None:
    url = "redis://127.0.0.1:6379/13"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception:
        return None
    return url


@pytest.fixture(params=["local memory", "redis"])
def shared_cache(request, settings):
    """The shared cache as in production; each ``Client`` stands for one worker process."""
    if request.param == "redis":
        url = _redis_url()
        if url is None:
            pytest.skip("no Redis at 127.0.0.1:6379")
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "mindlab-tests-pagecache",
            },
        }
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


def test_an_edit_seen_by_one_worker_is_seen_by_all(shared_cache, site):
    worker_a, worker_b = Client(), Client()
    url = site["article"].get_absolute_url()
    warm(worker_a, url)
    assert worker_b.get(url)["X-Page-Cache"] == "hit"
    site["article"].title = "Seen Everywhere"
    site["article"].save()
    for worker in (worker_a, worker_b):
        assert "Seen Everywhere" in worker.get(url).content.decode()
    assert worker_a.get(url)["X-Page-Cache"] == "hit"


def test_clear_page_cache_command(reader, site):
    from django.core.management import call_command

    url = site["article"].get_absolute_url()
    warm(reader, url)
    call_command("clear_page_cache", stdout=__import__("io").StringIO())
    assert reader.get(url)["X-Page-Cache"] == "miss"


def test_a_new_release_does_not_serve_the_old_releases_pages(reader, site, settings):
    url = site["article"].get_absolute_url()
    warm(reader, url)
    settings.PAGECACHE_RELEASE = "next-release"
    new_release = Client()  # a server started with the new code
    assert new_release.get(url)["X-Page-Cache"] == "miss"
    assert new_release.get(url)["X-Page-Cache"] == "hit"
    # An edit still reaches both releases (the generation is shared).
    site["article"].title = "Edited During The Deploy"
    site["article"].save()
    for client in (reader, new_release):
        assert "Edited During The Deploy" in client.get(url).content.decode()


# --- References (the references app's models are content too) -------------------------


def test_editing_a_cited_work_shows_on_the_article_and_hub(reader, site):
    from tests.references.helpers import make_citation, person

    work = make_citation(key="coan2006", authors=[person("Coan", "J. A.")], year=2006, title="Lending a hand")
    article, hub = site["article"], site["hub"]
    article.body += "\n\nHolding hands calms the brain [@coan2006]."
    article.save()
    hub.intro += "\n\nSee the classic study [@coan2006]."
    hub.save()
    for url in (article.get_absolute_url(), hub.get_absolute_url()):
        assert "Lending a hand" in warm(reader, url)
    work.title = "Lending a hand: social regulation of the neural response to threat"
    work.save()
    for url in (article.get_absolute_url(), hub.get_absolute_url()):
        assert "social regulation of the neural response" in reader.get(url).content.decode(), url


def test_further_reading_attached_in_bulk_shows(reader, site):
    from articles.citations import attach_further_reading
    from tests.references.helpers import make_citation, person

    extra = make_citation(key="zed2001", authors=[person("Zed", "A.")], year=2001, title="A late work")
    url = site["article"].get_absolute_url()
    warm(reader, url)
    attach_further_reading(site["article"], [extra])  # bulk_create: no model signals
    assert "A late work" in reader.get(url).content.decode()


# --- Requests the middleware does not serve still get current pages ---------------------


@pytest.mark.parametrize("change", [_rename_article, _rename_hub, _rename_author, _publish_new_article])
def test_edits_show_on_addresses_with_other_query_strings(reader, site, change):
    urls = {name: url + "?ref=newsletter" for name, url in page_urls(site).items()}
    for url in urls.values():
        reader.get(url)
    text, pages = change(site)
    for name in pages:
        assert text in reader.get(urls[name]).content.decode(), (
            f"{name} page is stale after {change.__name__}"
        )


def test_staff_never_get_the_readers_rendered_page(staff_client, reader, site):
    url = site["article"].get_absolute_url() + "?ref=x"
    reader.get(url)
    Article.objects.filter(pk=site["article"].pk).update(title="Changed Behind The Cache")
    assert "Changed Behind The Cache" in staff_client.get(url).content.decode()
    assert "Changed Behind The Cache" not in reader.get(url).content.decode()  # update() sent no signal


def test_a_page_rendered_while_content_changed_is_not_served_afterwards(reader, site):
    """An editor's save lands while a reader's page is being rendered from the old data."""
    from django.test.signals import template_rendered

    url = site["article"].get_absolute_url()
    edited = []

    def edit_once(sender, **kwargs):
        if not edited:
            edited.append(True)
            Article.objects.filter(pk=site["article"].pk).update(title="Saved Mid-Render")
            pagecache.invalidate()

    template_rendered.connect(edit_once)
    try:
        assert "Saved Mid-Render" not in reader.get(url).content.decode()
    finally:
        template_rendered.disconnect(edit_once)
    assert "Saved Mid-Render" in reader.get(url).content.decode()
    assert "Saved Mid-Render" in reader.get(url + "?ref=x").content.decode()


def test_scheduled_hub_appears_in_an_articles_breadcrumbs_at_its_time(reader, pillar, author, monkeypatch):
    start = timezone.now()
    hub = factories.make_hub(pillar, title="Hub Coming Soon", published_at=start + timedelta(hours=1))
    piece = factories.make_article(hub, author=author, title="Early Piece")
    for query in ("", "?ref=x"):
        assert "Hub Coming Soon" not in warm_any(reader, piece.get_absolute_url() + query)
    later = start + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(pagecache.time, "time", lambda: later.timestamp())
    for query in ("", "?ref=x"):
        assert "Hub Coming Soon" in reader.get(piece.get_absolute_url() + query).content.decode()


def warm_any(reader: Client, url: str) -> str:
    """Request a page twice (cached by whichever layer serves that address)."""
    reader.get(url)
    return reader.get(url).content.decode()


# --- Edits made by another process or server --------------------------------------------


def _edit_in_another_process(site, title: str) -> None:
    """What this process sees of another server's save: the data and the shared generation."""
    from django.core.cache import caches

    Article.objects.filter(pk=site["article"].pk).update(title=title)
    caches["default"].delete(pagecache.GENERATION_KEY)


def test_another_servers_edit_shows_within_the_generation_window(reader, site, settings, monkeypatch):
    import time

    url = site["article"].get_absolute_url()
    warm(reader, url)
    _edit_in_another_process(site, "Edited Elsewhere")
    # Within PAGECACHE_GENERATION_SECONDS this process keeps its last reading...
    assert "Edited Elsewhere" not in reader.get(url).content.decode()
    # ...and once it has passed, the edit shows, by either layer.
    later = time.monotonic() + settings.PAGECACHE_GENERATION_SECONDS + 0.5
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: later)
    assert "Edited Elsewhere" in reader.get(url).content.decode()
    assert "Edited Elsewhere" in reader.get(url + "?ref=x").content.decode()


def test_without_a_window_another_servers_edit_shows_on_the_next_request(reader, site, settings):
    settings.PAGECACHE_GENERATION_SECONDS = 0
    url = site["article"].get_absolute_url()
    reader.get(url)
    reader.get(url)
    _edit_in_another_process(site, "Edited Elsewhere")
    assert "Edited Elsewhere" in reader.get(url).content.decode()


def test_a_feed_written_in_pieces_is_served_in_one(reader, site):
    """Servers send each piece of a body separately: a cached body is kept whole."""
    for url in ("/feed/", "/feed/?ref=x"):
        reader.get(url)
        response = reader.get(url)
        assert len(list(response)) == 1, url
