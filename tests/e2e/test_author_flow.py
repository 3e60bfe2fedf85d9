"""An author writes, previews, uploads an image, publishes; a reader finds the article.

Everything goes through the real admin in Chromium under the site's CSP: the
markdownx editor's live preview, its drag-and-drop upload (the same ``drop`` event
a person's mouse produces, carrying a real PNG file), and the admin's own widgets.
"""

from __future__ import annotations

import base64
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from articles.models import FAQ, Article, Status
from tests.e2e import helpers

pytestmark = pytest.mark.browser

TITLE = "Sleep Debt and the Executive Brain"


def _png_base64() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 90, 110)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def drop_file(page: Page, target: Locator, name: str, mime: str, content_base64: str) -> None:
    """Drop a file on ``target`` the way a browser does after a drag from the desktop."""
    data_transfer = page.evaluate_handle(
        """([name, mime, b64]) => {
          const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], name, {type: mime}));
          return transfer;
        }""",
        [name, mime, content_base64],
    )
    target.dispatch_event("dragenter", {"dataTransfer": data_transfer})
    target.dispatch_event("dragover", {"dataTransfer": data_transfer})
    target.dispatch_event("drop", {"dataTransfer": data_transfer})


def choose_autocomplete(page: Page, field_id: str, text: str) -> None:
    """Pick ``text`` in one of the admin's autocomplete (select2) fields."""
    page.locator(f"#{field_id} + .select2").click()
    page.locator(".select2-dropdown .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def preview_of(page: Page, field_id: str) -> Locator:
    return page.locator(f".markdownx:has(#{field_id}) .markdownx-preview")


@pytest.mark.django_db(transaction=True)
def test_author_writes_uploads_publishes_and_reader_finds_it(live_server, page, browser, artifacts_dir):
    helpers.seed_public_pages()
    helpers.make_editor()
    helpers.sign_in(page, live_server.url)

    page.goto(live_server.url + "/admin/articles/article/add/")
    page.get_by_role("textbox", name="Title:", exact=True).fill(TITLE)
    choose_autocomplete(page, "id_author", "Elena Marsh")
    page.get_by_role("textbox", name="Summary:", exact=True).fill(
        "What a week of short nights does to judgement, and how to recover."
    )

    body = page.locator("textarea#id_body")
    body.click()
    body.press_sequentially("## What the evidence says\n\nSleep loss narrows **attention**.\n\n")
    preview = preview_of(page, "id_body")
    expect(preview.locator("h2")).to_have_text("What the evidence says")
    expect(preview.locator("strong")).to_have_text("attention")

    drop_file(page, body, "chart.png", "image/png", _png_base64())
    expect(body).to_have_value(re.compile(r"!\[Describe this image\]\(/media/uploads/[0-9a-f]{32}\.png\)"))
    image = preview.locator("img")
    expect(image).to_have_count(1)
    page.wait_for_function(
        "img => img.complete && img.naturalWidth === 64", arg=image.element_handle(), timeout=10_000
    )
    body.press("Control+End")
    body.press_sequentially("\n\nRecovery takes longer than the debt took to build.\n")
    expect(preview).to_contain_text("Recovery takes longer")

    page.locator("#id_status").select_option(label="Published")
    page.screenshot(path=str(artifacts_dir / "admin-article-editor.png"), full_page=True)
    page.get_by_role("button", name="Save", exact=True).click()
    # The placeholder description keeps the page from going live until the author writes one.
    expect(page.locator(".errorlist", has_text="Describe the image")).to_be_visible()
    assert not Article.objects.filter(title=TITLE, status=Status.PUBLISHED).exists()
    body = page.locator("textarea#id_body")
    body.fill(body.input_value().replace("Describe this image", "Reaction times after five short nights"))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    article = Article.objects.get(title=TITLE)
    assert article.status == Status.PUBLISHED
    assert article.is_published
    assert "<img" in article.body_html

    # A reader, not signed in, finds it from the home page.
    reader = browser.new_context()
    reader_page = reader.new_page()
    try:
        reader_page.goto(live_server.url + "/")
        reader_page.get_by_role("link", name=TITLE).first.click()
        expect(reader_page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(reader_page.get_by_role("heading", name="What the evidence says")).to_be_visible()
        figure = reader_page.locator(".prose img").first
        figure.scroll_into_view_if_needed()
        reader_page.wait_for_function(
            "img => img.complete && img.naturalWidth === 64", arg=figure.element_handle(), timeout=10_000
        )
    finally:
        reader.close()


@pytest.mark.django_db(transaction=True)
def test_refused_upload_tells_the_author_why(live_server, page):
    helpers.make_editor()
    helpers.sign_in(page, live_server.url)
    page.goto(live_server.url + "/admin/articles/article/add/")
    body = page.locator("textarea#id_body")
    payload = base64.b64encode(b"<html><script>alert(1)</script></html>").decode()
    body.fill("My draft.")
    drop_file(page, body, "innocent.png", "image/png", payload)
    expect(page.locator(".markdownx-upload-error")).to_contain_text("not an image")
    expect(body).to_have_value("My draft.")


@pytest.mark.django_db(transaction=True)
def test_faq_row_added_with_add_another_gets_a_working_editor(live_server, page):
    """Pitfall: cloned inline rows carry markdownx's 'initialised' mark and got no editor."""
    helpers.seed_public_pages()
    helpers.make_editor()
    helpers.sign_in(page, live_server.url)
    article = Article.objects.published().order_by("pk").first()
    existing = FAQ.objects.filter(article=article).count()
    page.goto(live_server.url + f"/admin/articles/article/{article.pk}/change/")

    page.get_by_role("button", name="Add another FAQ").click()
    page.get_by_role("button", name="Add another FAQ").click()
    for index in (existing, existing + 1):
        answer = page.locator(f"textarea#id_faqs-{index}-answer")
        expect(answer).to_be_visible()
        page.locator(f"#id_faqs-{index}-question").fill(f"New question {index}?")
        answer.click()
        answer.press_sequentially(f"An answer with *emphasis {index}*.")
        expect(preview_of(page, f"id_faqs-{index}-answer").locator("em")).to_have_text(f"emphasis {index}")

    # A live page: "Publish" applies the edit (the FAQs) to what readers see.
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    saved = FAQ.objects.filter(article=article, question__startswith="New question").order_by("question")
    assert [faq.answer_html for faq in saved] == [
        f"<p>An answer with <em>emphasis {index}</em>.</p>\n" for index in (existing, existing + 1)
    ]
