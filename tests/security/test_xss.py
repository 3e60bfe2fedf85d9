"""The XSS corpus through every author- and visitor-controlled field, checked in the rendered pages.

Authors: every text field of pillars, hubs, articles (Markdown bodies included),
takeaways, FAQs, authors and their links, and citations is set to the vector, then
every page that shows them (public pages, feeds, the staff preview, the admin's change
pages and the editor's live preview) is parsed for executable markup. Visitors: the
search query, the booking form's fields and its hidden attribution, and ``?from=``.
"""

from __future__ import annotations

import json
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

from articles.models import FAQ, Article, Author, AuthorLink, Hub, Pillar, Status, Takeaway
from tests.security.xss_corpus import VECTORS, executable_markup

IDS = [f"v{index:02d}" for index in range(len(VECTORS))]


def test_the_corpus_has_at_least_fifty_distinct_vectors():
    assert len(set(VECTORS)) == len(VECTORS) >= 50


def fit(model: type[models.Model], field: str, value: str) -> str:
    """The value cut to the column's length, as a form would refuse anything longer."""
    max_length = model._meta.get_field(field).max_length
    return value[:max_length] if max_length else value


def fill(obj: models.Model, fields: list[str], vector: str) -> None:
    for field in fields:
        setattr(obj, field, fit(type(obj), field, vector))


def valid_url(value: str) -> str:
    """A URL field keeps the vector only if the admin's URL validation would let it through."""
    try:
        URLValidator()(value)
    except ValidationError:
        return "https://example.org/profile"
    return value


def build_site(vector: str) -> dict[str, object]:
    """A published pillar > hub > article by an author, each text field set to ``vector``."""
    now = timezone.now()
    author = Author(slug="xss-author")
    fill(
        author, ["name", "credentials", "job_title", "institutions", "short_bio", "bio", "photo_alt"], vector
    )
    author.save()
    AuthorLink.objects.create(author=author, label=fit(AuthorLink, "label", vector), url=valid_url(vector))
    pillar = Pillar(number=9, slug="xss-pillar")
    fill(pillar, ["name", "summary", "intro"], vector)
    pillar.save()
    hub = Hub(slug="xss-hub", pillar=pillar, author=author, status=Status.PUBLISHED, published_at=now)
    fill(
        hub,
        [
            "name",
            "title",
            "summary",
            "intro",
            "closing_text",
            "disclaimer",
            "cta_heading",
            "cta_text",
            "cta_button",
            "seo_title",
            "seo_description",
        ],
        vector,
    )
    hub.save()
    article = Article(slug="xss-article", hub=hub, author=author, status=Status.PUBLISHED, published_at=now)
    fill(
        article,
        [
            "title",
            "subtitle",
            "summary",
            "closing_summary",
            "disclaimer",
            "hero_alt",
            "cta_heading",
            "cta_text",
            "cta_button",
            "seo_title",
            "seo_description",
        ],
        vector,
    )
    citation = make_citation(vector)
    cite = f" [@{citation.key}]" if citation is not None else ""
    article.body = (
        f"{vector}\n\n## Section\n\n{vector}{cite}\n\n- {vector}\n\n| a | b |\n|---|---|\n| {vector} | x |\n"
    )
    article.save()
    Takeaway.objects.create(article=article, text=fit(Takeaway, "text", vector), position=0)
    for page in ({"article": article}, {"hub": hub}):
        FAQ(question=fit(FAQ, "question", vector), answer=vector, position=0, **page).save()
    draft = Article(slug="xss-draft", hub=hub, author=author, status=Status.DRAFT, title="Draft")
    draft.body = vector
    draft.save()
    if citation is not None:
        from articles.citations import attach_further_reading

        attach_further_reading(hub, [citation])
    return {
        "author": author,
        "pillar": pillar,
        "hub": hub,
        "article": article,
        "draft": draft,
        "citation": citation,
    }


def make_citation(vector: str):
    """A cited work with the vector in every field a person or an import fills in."""
    try:
        from references.models import Citation
    except ImportError:  # pragma: no cover - before the references app had a model
        return None
    citation = Citation(key="xss2024", year=2024, authors=[{"family": vector, "given": vector}])
    citation.editors = [{"literal": vector}]
    fill(
        citation,
        ["title", "container_title", "volume", "issue", "pages", "edition", "number", "publisher"],
        vector,
    )
    citation.url = valid_url(vector)
    citation.save()
    return citation


def assert_safe(response, where: str, *, admin: bool = False) -> str:
    assert response.status_code == 200, f"{where}: {response.status_code}"
    html = response.content.decode()
    problems = executable_markup(html, admin=admin)
    assert problems == [], f"{where}: {problems}"
    return html


def public_paths(site: dict) -> dict[str, str]:
    paths = {
        "home": "/",
        "pillar": site["pillar"].get_absolute_url(),
        "hub": site["hub"].get_absolute_url(),
        "article": site["article"].get_absolute_url(),
        "author": site["author"].get_absolute_url(),
        "search": "/search/?q=section",
    }
    if site["citation"] is not None:
        paths["reference"] = site["citation"].get_absolute_url()
    return paths


@pytest.mark.django_db
@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_author_fields_render_no_executable_markup(client, vector):
    site = build_site(vector)
    for name, path in public_paths(site).items():
        html = assert_safe(client.get(path), f"{name} page {path}")
        if name in {"article", "hub"}:
            assert "application/ld+json" in html or name == "hub", "JSON-LD is checked when present"


@pytest.mark.django_db
@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_feeds_escape_author_fields(client, vector):
    from xml.dom import minidom

    site = build_site(vector)
    for path in ("/feed/", "/feed/atom/", f"{site['pillar'].get_absolute_url()}feed/"):
        response = client.get(path)
        assert response.status_code == 200, path
        document = minidom.parseString(response.content)  # noqa: S318 - our own feed; well-formed means nothing broke out
        assert not document.getElementsByTagName("script"), path


@pytest.mark.django_db
@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_staff_preview_admin_pages_and_live_preview_render_no_executable_markup(staff_client, vector):
    site = build_site(vector)
    assert_safe(staff_client.get(site["draft"].get_absolute_url()), "staff preview of a draft")
    for admin_path in (
        f"/admin/articles/article/{site['article'].pk}/change/",
        f"/admin/articles/hub/{site['hub'].pk}/change/",
        f"/admin/articles/author/{site['author'].pk}/change/",
        "/admin/articles/article/",
    ):
        assert_safe(staff_client.get(admin_path), admin_path, admin=True)
    preview = staff_client.post("/admin/markdownx/markdownify/", {"content": vector})
    assert preview.status_code == 200
    assert executable_markup(preview.content.decode()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_search_query_is_never_reflected_as_markup(client, vector):
    html = assert_safe(client.get("/search/", {"q": vector}), "search")
    if "<" in vector or '"' in vector:
        assert vector not in html, "the query is reflected unescaped"


@pytest.mark.django_db
@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_booking_form_fields_and_attribution_render_no_executable_markup(client, staff_client, vector):
    from leads import attribution, spam
    from leads.models import StrategyCallRequest

    assert_safe(client.get("/strategy-call/", {"from": vector, "utm_source": vector}), "?from=")
    data = {
        "slot": "",
        "tz": vector[:64],
        "a": attribution.dumps({"from": vector, "utm_source": vector, "utm_campaign": vector}),
        "started": spam.form_timestamp(time.time() - 60),
        "name": vector[:120],
        "email": "visitor@example.org",
        "phone": "",
        "organisation": vector[:160],
        "message": vector,
        "preferred_times": vector,
        "website": "",
    }
    # Without consent the form comes back with every value the visitor typed.
    assert_safe(client.post("/strategy-call/", data), "booking form shown again with errors")
    data["consent"] = "on"
    data["started"] = spam.form_timestamp(time.time() - 61)
    response = client.post("/strategy-call/", data)
    if response.status_code == 200:  # refused (e.g. control characters in a name): shown again, safely
        assert_safe(response, "booking form refusing the values")
        return
    assert response.status_code == 302
    assert_safe(client.get(response["Location"]), "booking confirmation")
    lead = StrategyCallRequest.objects.get()
    lead_page = f"/admin/leads/strategycallrequest/{lead.pk}/change/"
    assert_safe(staff_client.get(lead_page), "lead in the admin", admin=True)
    assert_safe(staff_client.get("/admin/leads/strategycallrequest/"), "lead list in the admin", admin=True)


def test_the_checker_finds_what_it_must():
    """The checker itself, on markup that would run."""
    unsafe = [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<img src="x" onerror="alert(1)">',
        '<a href=" JaVa&#x09;script:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        "<svg><circle/></svg>",
        '<p style="color:red">x</p>',
        '<script type="application/ld+json">{"a": "</script>"}</script>',
        '<meta http-equiv="refresh" content="0;url=/">',
        '<iframe src="/"></iframe>',
    ]
    for html in unsafe:
        assert executable_markup(html), html
    safe = (
        '<script src="/static/js/site.js"></script><script type="application/ld+json">'
        + json.dumps({"name": "x \u003c/script"}).replace("<", "\\u003c")
        + '</script><a href="https://example.org/">ok</a><p>&lt;script&gt;</p>'
    )
    assert executable_markup(safe) == []
