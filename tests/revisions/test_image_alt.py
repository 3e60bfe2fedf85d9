"""Images inserted with the placeholder description block publishing, not drafts."""

from __future__ import annotations

import pytest

from articles.image_alt import undescribed_images
from articles.markdown import render_markdown
from articles.models import Article, Status
from tests import factories
from tests.caching.admin_forms import form_data

pytestmark = pytest.mark.django_db

PLACEHOLDER = "![Describe this image](/media/uploads/3f2a.jpg)"


def change_url(page) -> str:
    return f"/admin/articles/{page._meta.model_name}/{page.pk}/change/"


def publish_selected(client, page):
    """The change list's "Publish selected" action on ``page``; the list page it returns to."""
    return client.post(
        f"/admin/articles/{page._meta.model_name}/",
        {"action": "publish_selected", "_selected_action": [page.pk]},
        follow=True,
    )


def submit(client, page, changes: dict[str, str], button: str):
    data = form_data(client.get(change_url(page)).content.decode())
    data = {name: list(values) for name, values in data.items()}
    for name, value in changes.items():
        data[name] = [value]
    data[button] = ["1"]
    return client.post(change_url(page), data)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (PLACEHOLDER, ["/media/uploads/3f2a.jpg"]),
        ("![describe this image ](/a.png)", ["/a.png"]),
        ("![](/b.png)", ["/b.png"]),
        ("![  ](/b.png 'a title')", ["/b.png"]),
        ('![](/c.png "decorative")', []),
        ('![](/c.png "Decorative")', []),
        ("![A neuron under a microscope](/d.png)", []),
        ("![*A* neuron](/d.png)", []),
        ("![][ref]\n\n[ref]: /r.png", ["/r.png"]),
        ('<img src="/e.png">', ["/e.png"]),
        ('Text <img src="/f.png" alt=""> more', []),
        ('<p><img src="/g.png" alt="Describe this image"></p>', ["/g.png"]),
        ("| a |\n|---|\n| ![](/t.png) |", ["/t.png"]),
        ("`![](/code.png)` and\n\n    ![](/indented.png)", []),
        ("", []),
    ],
)
def test_which_images_still_need_a_description(source, expected):
    assert undescribed_images(source) == expected


def test_a_decorative_image_renders_with_an_empty_description():
    html = render_markdown('![](/media/c.png "decorative")').html
    assert 'alt=""' in html and "title" not in html


def test_article_and_hub_name_the_image_in_their_publishing_problems(hub, author):
    article = factories.make_article(hub, author=author, body="Text.\n\n" + PLACEHOLDER)
    problems = " ".join(article.publishing_problems())
    assert "“3f2a.jpg” in the body" in problems and "decorative" in problems
    article.body = '![A scan](/media/uploads/3f2a.jpg) ![](/x.png "decorative")'
    assert not any("image" in problem for problem in article.publishing_problems())
    hub.intro += "\n\n![](/media/uploads/diagram.png)"
    assert any("“diagram.png” in the intro" in problem for problem in hub.publishing_problems())


def test_publish_is_refused_and_draft_allowed_on_a_live_article(staff_client, hub, author):
    article = factories.make_article(hub, author=author, title="Live piece", slug="live-piece")
    body = article.body + "\n\n" + PLACEHOLDER
    refused = submit(staff_client, article, {"body": body}, "_publish")
    assert refused.status_code == 200
    assert "Describe the image “3f2a.jpg” in the body" in refused.content.decode()
    assert Article.objects.get(pk=article.pk).body == article.body

    draft = submit(staff_client, article, {"body": body}, "_save_draft")
    assert draft.status_code == 302
    assert PLACEHOLDER in staff_client.get(change_url(article)).content.decode()

    data = form_data(staff_client.get(change_url(article)).content.decode())
    autosave = staff_client.post(f"/admin/articles/article/{article.pk}/autosave/", data)
    assert autosave.status_code == 200, autosave.content

    described = submit(
        staff_client, article, {"body": body.replace("Describe this image", "A brain scan")}, "_publish"
    )
    assert described.status_code == 302
    assert "A brain scan" in Article.objects.get(pk=article.pk).body


def test_an_unpublished_article_saves_but_does_not_publish(staff_client, hub, author):
    article = factories.make_article(hub, author=author, published=False, body="Body.\n\n" + PLACEHOLDER)
    saved = submit(staff_client, article, {"title": "Still a draft"}, "_save")
    assert saved.status_code == 302
    refused = submit(staff_client, article, {"status": Status.PUBLISHED}, "_save")
    assert refused.status_code == 200 and "3f2a.jpg" in refused.content.decode()
    response = publish_selected(staff_client, article)
    assert "3f2a.jpg" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_the_editor_offers_an_upload_button_and_says_the_convention(staff_client, article):
    html = staff_client.get(change_url(article)).content.decode()
    assert 'class="button markdownx-upload-button"' in html and 'type="file"' in html
    assert "![](address &quot;decorative&quot;)" in html or '![](address "decorative")' in html


def test_an_faq_answer_with_an_undescribed_image_blocks_publishing_only(staff_client, hub, author):
    article = factories.make_article(hub, author=author, title="With FAQ", slug="with-faq")
    factories.add_faqs(article, 1)
    answer = "See the figure.\n\n![](/media/uploads/figure.webp)"
    refused = submit(staff_client, article, {"faqs-0-answer": answer}, "_publish")
    assert refused.status_code == 200
    assert "Describe the image “figure.webp” in the answer to “Question 0?”" in refused.content.decode()
    assert submit(staff_client, article, {"faqs-0-answer": answer}, "_save_draft").status_code == 302


def test_a_stored_answer_with_an_undescribed_image_is_reported_and_not_published(staff_client, hub, author):
    article = factories.make_article(
        hub, published=False, author=author, title="Stored FAQ", slug="stored-faq"
    )
    factories.add_faqs(article, 1)
    article.faqs.update(answer="![](/media/uploads/figure.webp)")
    form = staff_client.get(change_url(article)).content.decode()
    assert "Describe the image “figure.webp” in the answer to “Question 0?”" in form
    response = publish_selected(staff_client, article)
    assert "figure.webp" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
    article.faqs.update(answer='![](/media/uploads/figure.webp "decorative")')
    publish_selected(staff_client, article)
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
