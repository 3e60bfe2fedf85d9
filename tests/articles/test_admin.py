"""Authors' flows through the admin with the real test client: create, preview, publish."""

import io
import warnings

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import UnorderedObjectListWarning
from django.test import Client
from PIL import Image

from articles.models import Article, Status
from tests import factories

pytestmark = pytest.mark.django_db


def inline_management(prefix: str, total: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form(hub, author, **overrides) -> dict:
    data = {
        "title": "Sleep Pressure Explained",
        "subtitle": "",
        "slug": "sleep-pressure",
        "author": str(author.pk),
        "hub": str(hub.pk),
        "position": "3",
        "summary": "Why the urge to sleep builds through the day.",
        "body": "## Adenosine\n\nIt accumulates.\n\n<script>alert(1)</script>",
        "closing_summary": "",
        "disclaimer": "",
        "hero_alt": "",
        "status": Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "seo_title": "",
        "seo_description": "",
        **inline_management("takeaways", 2),
        "takeaways-0-position": "1",
        "takeaways-0-text": "Sleep pressure builds with time awake.",
        "takeaways-1-position": "2",
        "takeaways-1-text": "Caffeine masks it rather than removing it.",
        **inline_management("faqs", 1),
        "faqs-0-position": "1",
        "faqs-0-question": "Does napping reset it?",
        "faqs-0-answer": "Partly. **Short** naps help.",
        **inline_management("coauthors"),
    }
    data.update(overrides)
    return data


def test_admin_pages_load(staff_client, article):
    for url in [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/hub/",
        f"/admin/articles/hub/{article.hub.pk}/change/",
        "/admin/articles/pillar/",
        "/admin/articles/author/add/",
        "/admin/articles/faq/",
        "/admin/articles/article/?status__exact=draft&hub__pillar__id__exact=1",
        "/admin/articles/article/?q=trusted",
    ]:
        assert staff_client.get(url).status_code == 200, url


def test_change_form_has_markdown_editor_and_view_on_site(staff_client, article):
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'class="markdownx"' in html
    assert 'data-markdownx-urls-path="/admin/markdownx/markdownify/"' in html
    assert "markdownx/js/markdownx" in html
    assert "admin/js/mindlab-editor.js" in html
    assert "/admin/r/" in html  # "View on site"


def test_create_draft_then_preview_then_publish(staff_client, hub, author):
    client = Client()
    response = staff_client.post("/admin/articles/article/add/", article_form(hub, author))
    assert response.status_code == 302, _debug(response)
    article = Article.objects.get(slug="sleep-pressure")
    assert article.status == Status.DRAFT
    assert article.takeaways.first().text == "Sleep pressure builds with time awake."
    assert article.faqs.get().answer_html == "<p>Partly. <strong>Short</strong> naps help.</p>\n"
    assert "<script" not in article.body_html

    assert client.get("/articles/sleep-pressure/").status_code == 404
    preview = staff_client.get("/articles/sleep-pressure/")
    assert preview.status_code == 200 and "Preview" in preview.content.decode()

    changelist = "/admin/articles/article/"
    response = staff_client.post(
        changelist, {"action": "publish_selected", "_selected_action": [article.pk]}, follow=True
    )
    assert "Published 1 page" in response.content.decode()
    page = client.get("/articles/sleep-pressure/")
    assert page.status_code == 200
    assert "Sleep pressure builds with time awake." in page.content.decode()


def test_publishing_an_incomplete_article_is_refused_with_reasons(staff_client, hub, author):
    data = article_form(hub, author, summary="", status=Status.PUBLISHED)
    response = staff_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Add a summary" in html
    assert not Article.objects.exists()


def test_publish_action_refuses_incomplete_articles(staff_client, hub):
    article = factories.make_article(hub, published=False, summary="")
    response = staff_client.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "was not published" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_unpublish_action(staff_client, article):
    client = Client()
    staff_client.post(
        "/admin/articles/article/", {"action": "unpublish_selected", "_selected_action": [article.pk]}
    )
    assert client.get(article.get_absolute_url()).status_code == 404


def test_readiness_panel_lists_problems(staff_client, hub):
    article = factories.make_article(hub, published=False, summary="")
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "publishing-problems" in html and "Add a summary" in html


def test_hero_image_needs_alt_text_and_is_reencoded(staff_client, hub, author):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(out, "PNG")
    image = SimpleUploadedFile("hero.gif", out.getvalue(), content_type="image/gif")
    response = staff_client.post(
        "/admin/articles/article/add/", {**article_form(hub, author), "hero_image": image}
    )
    assert response.status_code == 200
    assert "Describe the hero image" in response.content.decode()

    image.seek(0)
    data = {**article_form(hub, author), "hero_image": image, "hero_alt": "A navy rectangle"}
    assert staff_client.post("/admin/articles/article/add/", data).status_code == 302
    stored = Article.objects.get(slug="sleep-pressure").hero_image
    assert stored.name.endswith(".png") and "hero" not in stored.name.rsplit("/", 1)[-1]


def test_hero_image_that_is_not_an_image_is_refused(staff_client, hub, author):
    fake = SimpleUploadedFile("hero.jpg", b"GIF89a not really", content_type="image/jpeg")
    data = {**article_form(hub, author), "hero_image": fake, "hero_alt": "x"}
    response = staff_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_hub_admin_reorders_its_articles(staff_client, hub):
    first = factories.make_article(hub, title="First", position=1)
    second = factories.make_article(hub, title="Second", position=2)
    url = f"/admin/articles/hub/{hub.pk}/change/"
    form = staff_client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {
            "pillar": str(hub.pillar_id),
            "author": str(hub.author_id),
            "status": hub.status,
            "published_at_0": hub.published_at.strftime("%Y-%m-%d"),
            "published_at_1": hub.published_at.strftime("%H:%M:%S"),
            "articles-TOTAL_FORMS": "2",
            "articles-INITIAL_FORMS": "2",
            "articles-MIN_NUM_FORMS": "0",
            "articles-MAX_NUM_FORMS": "1000",
            "articles-0-id": str(first.pk),
            "articles-0-hub": str(hub.pk),
            "articles-0-position": "5",
            "articles-1-id": str(second.pk),
            "articles-1-hub": str(hub.pk),
            "articles-1-position": "1",
            **inline_management("faqs"),
            **inline_management("coauthors"),
        }
    )
    data.pop("intro_toc", None)
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    html = staff_client.get(hub.get_absolute_url()).content.decode()
    assert html.index(">Second<") < html.index(">First<")


def _debug(response):
    return [fs.formset.errors for fs in response.context["inline_admin_formsets"]], response.context["errors"]


@pytest.mark.parametrize(
    ("model_name", "field_name", "term"),
    [("article", "author", "Author"), ("article", "hub", "Social"), ("hub", "author", "Author")],
)
def test_autocompletes_page_through_an_ordered_list(staff_client, hub, model_name, field_name, term):
    """The lists annotate counts (GROUP BY drops the model's ordering); pages must stay stable."""
    for number in range(3):
        factories.make_author(name=f"Author {number}")
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnorderedObjectListWarning)
        response = staff_client.get(
            "/admin/autocomplete/",
            {"app_label": "articles", "model_name": model_name, "field_name": field_name, "term": term},
        )
    assert response.status_code == 200, response.content.decode()[:500]
    assert response.json()["results"]
