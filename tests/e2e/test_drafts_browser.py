"""Autosave and the unsaved-edits warning in Chromium, on a live article's change form."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from articles.models import Article
from revisions.models import Revision
from tests.e2e import helpers

pytestmark = pytest.mark.browser

LIVE_BODY = "Trusted people lower the cost of stress."


@pytest.fixture
def live_article(transactional_db):
    return helpers.make_live_article(LIVE_BODY)


def _open_form(page: Page, base_url: str, article: Article) -> None:
    page.goto(f"{base_url}/admin/articles/article/{article.pk}/change/")
    # A shorter pause than the real 10 s, so the test does not wait that long.
    page.evaluate("document.getElementById('revision-controls').dataset.autosaveDelay = '400'")


@pytest.mark.django_db(transaction=True)
def test_typed_text_is_autosaved_as_a_draft_and_back_after_closing(live_server, page, browser, live_article):
    helpers.make_editor()
    helpers.sign_in(page, live_server.url)
    _open_form(page, live_server.url, live_article)
    body = page.locator("#id_body")
    body.click()
    body.press("End")
    body.press_sequentially(" Autosaved words.")
    expect(page.locator("#autosave-status")).to_contain_text("Draft autosaved", timeout=10_000)
    page.close()  # no save pressed

    again = browser.new_context().new_page()
    helpers.sign_in(again, live_server.url)
    _open_form(again, live_server.url, live_article)
    expect(again.locator("#id_body")).to_have_value(LIVE_BODY + " Autosaved words.")
    live_article.refresh_from_db()
    assert live_article.body == LIVE_BODY
    assert Revision.objects.filter(kind=Revision.Kind.AUTOSAVE).count() == 1
    reader = browser.new_context().new_page()
    reader.goto(live_server.url + live_article.get_absolute_url())
    expect(reader.locator("body")).not_to_contain_text("Autosaved words.")


@pytest.mark.django_db(transaction=True)
def test_leaving_with_unsaved_edits_asks_first(live_server, page, live_article):
    helpers.make_editor()
    helpers.sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/articles/article/{live_article.pk}/change/")
    page.locator("#id_title").press_sequentially(" (edited)")
    dialogs: list[str] = []

    def answer(dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]


@pytest.mark.django_db(transaction=True)
def test_word_count_and_reading_time_follow_the_typing(live_server, page, live_article):
    helpers.make_editor()
    helpers.sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/articles/article/{live_article.pk}/change/")
    counter = page.locator("#live-word-count")
    expect(counter).to_have_text("7 words, about 1 min read")
    page.locator("#id_body").fill("## Heading\n\n" + "word " * 460)
    expect(counter).to_have_text("461 words, about 2 min read")
