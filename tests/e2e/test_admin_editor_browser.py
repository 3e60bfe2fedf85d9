"""The change form's helpers in Chromium, with the site's CSP enforced: the search result
preview's live counters and the editor's "Upload an image…" button."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e import helpers

pytestmark = pytest.mark.browser


@pytest.fixture
def article(transactional_db):
    author = factories.make_author(name="Dr Ada Example", slug="ada-example", credentials="PhD")
    hub = factories.make_hub(factories.make_pillar(number=4, name="Stress", slug="stress"), author=author)
    return factories.make_article(hub, author=author, title="Trusted People", slug="trusted-people")


def _open(page: Page, base_url: str, article) -> None:
    page.add_init_script(helpers.CSP_LISTENER)
    helpers.make_editor()
    helpers.sign_in(page, base_url)
    page.goto(f"{base_url}/admin/articles/article/{article.pk}/change/")


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_search_preview_counts_while_typing(live_server, page, article, settings):
    _open(page, live_server.url, article)
    preview = page.locator("#seo-preview")
    # Moved beside the SEO fields, inside their (collapsed) section.
    assert page.evaluate(
        "document.getElementById('id_seo_title').closest('fieldset').contains(document.getElementById('seo-preview'))"
    )
    page.locator("#id_seo_title").evaluate(
        "el => el.closest('details') && (el.closest('details').open = true)"
    )
    title_count = page.locator("#seo-title-count")
    expect(title_count).to_have_text("SEO title (from the title): 14 of 60 characters.")
    page.locator("#id_title").fill("Trusted People at Work")
    expect(preview.locator("#seo-preview-title")).to_have_text(
        "Trusted People at Work · MindLAB Neuroscience"
    )
    page.locator("#id_seo_title").fill("T" * 65)
    expect(title_count).to_have_text("SEO title: 65 of 60 characters, 5 over: search engines cut it off.")
    expect(title_count).to_have_class("seo-count seo-count--over")
    page.locator("#id_summary").fill("S" * 170)
    expect(page.locator("#seo-preview-description")).to_have_text("S" * 159 + "…")
    expect(page.locator("#seo-description-count")).to_contain_text("170 of 160 characters, 10 over")
    page.locator("#id_seo_description").fill("A short description.")
    expect(page.locator("#seo-description-count")).to_have_text("SEO description: 20 of 160 characters.")
    page.locator("#id_slug").fill("trusted-people-at-work")
    expect(page.locator("#seo-preview-url")).to_have_text(
        settings.SITE_URL + "/articles/trusted-people-at-work/"
    )
    assert helpers.csp_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_upload_button_inserts_the_image_at_the_cursor(live_server, page, article, settings, tmp_path):
    # Intercepting file choosers is switched on asynchronously: do it before any chooser opens.
    page.on("filechooser", lambda chooser: None)
    _open(page, live_server.url, article)
    settings.MEDIA_ROOT = str(tmp_path)
    body = page.locator("#id_body")
    body.fill("Before.\n\nAfter.")
    body.evaluate("el => el.setSelectionRange(7, 7)")
    button = page.locator(".field-body").get_by_role("button", name="Upload an image…")
    expect(button).to_be_visible()
    button.focus()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")  # keyboard users open the file chooser too
    chooser.value.set_files(files=[{"name": "scan.png", "mimeType": "image/png", "buffer": _png()}])
    expect(page.locator(".markdownx-upload-status").first).to_contain_text("Image inserted")
    value = body.input_value()
    assert value.startswith("Before.\n\n![Describe this image](/media/uploads/") and value.endswith(
        ".png)\n\n\n\nAfter."
    )
    page.keyboard.type("A brain scan")  # the placeholder was selected: typing replaces it
    assert "![A brain scan](/media/uploads/" in body.input_value()
    assert list((tmp_path / "uploads").glob("*.png"))

    before = body.input_value()
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(files=[{"name": "notes.png", "mimeType": "image/png", "buffer": b"not an image"}])
    expect(page.locator(".markdownx-upload-status").first).to_contain_text("not an image we can use")
    assert body.input_value() == before
    assert helpers.csp_violations(page) == []
