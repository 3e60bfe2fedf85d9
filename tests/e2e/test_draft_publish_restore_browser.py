"""An author changes a live article in Chromium: draft, publish, compare, restore, publish again.

Readers (browsers that never sign in) see the published text at every step;
staff see the draft at the page's address.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page, expect

from articles.models import Article
from revisions.models import Revision
from tests.e2e import helpers

pytestmark = pytest.mark.browser

FIRST_TEXT = "Trusted people lower the cost of stress."
SECOND_TEXT = "Trusted friends lower the cost of stress."


@pytest.fixture
def live_article(transactional_db):
    return helpers.make_live_article(FIRST_TEXT)


def _press(page: Page, button: str) -> None:
    page.locator(f'input[type="submit"][name="{button}"]').click()


def _reader_sees(browser: Browser, url: str, present: str, absent: str) -> None:
    """What an anonymous reader arriving now is served (a new browser: browsers may keep a
    page for ``PAGECACHE_MAX_AGE``, 30 s). A server process trusts its reading of the content
    version for ``PAGECACHE_GENERATION_SECONDS`` (1 s), so a change may take that long."""
    deadline = time.monotonic() + 5
    while True:
        context = browser.new_context()
        reader = context.new_page()
        reader.goto(url)
        text = reader.locator("main").inner_text()
        if (present in text and absent not in text) or time.monotonic() > deadline:
            break
        context.close()
        time.sleep(0.25)
    expect(reader.locator("main")).to_contain_text(present)
    expect(reader.locator("main")).not_to_contain_text(absent)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_draft_publish_compare_restore_publish(live_server, page, browser, live_article):
    helpers.make_editor()
    helpers.sign_in(page, live_server.url)
    address = live_server.url + live_article.get_absolute_url()
    change = f"{live_server.url}/admin/articles/article/{live_article.pk}/change/"
    _reader_sees(browser, address, FIRST_TEXT, SECOND_TEXT)  # and the page is now cached

    page.goto(change)
    page.locator("#id_body").fill(SECOND_TEXT)
    _press(page, "_save_draft")
    expect(page.locator(".messagelist")).to_contain_text("Draft saved (not live).")
    _reader_sees(browser, address, FIRST_TEXT, SECOND_TEXT)
    page.goto(address)  # staff preview the draft at the page's own address
    expect(page.locator("main")).to_contain_text(SECOND_TEXT)

    page.goto(change)
    expect(page.locator("#id_body")).to_have_value(SECOND_TEXT)
    _press(page, "_publish")
    expect(page.locator(".messagelist")).to_contain_text("Published.")
    _reader_sees(browser, address, SECOND_TEXT, FIRST_TEXT)

    first, newest = Revision.objects.order_by("pk").first(), Revision.objects.order_by("pk").last()
    page.goto(f"{change.removesuffix('change/')}history/")
    page.locator(f"#a-{first.pk}").check()
    page.locator(f"#b-{newest.pk}").check()
    page.get_by_role("button", name="Compare selected revisions").click()
    body_row = page.locator("#revision-compare tr.changed", has_text="body")
    expect(body_row.locator("del")).to_have_text("people")
    expect(body_row.locator("ins")).to_have_text("friends")

    page.goto(f"{change.removesuffix('change/')}history/")
    page.locator("#revision-list tr", has=page.locator("th", has_text=f"#{first.pk} ")).get_by_role(
        "button", name="Restore as draft"
    ).click()
    expect(page.locator(".messagelist")).to_be_visible()
    _reader_sees(browser, address, SECOND_TEXT, FIRST_TEXT)  # restoring never publishes
    page.goto(change)
    expect(page.locator("#id_body")).to_have_value(FIRST_TEXT)
    _press(page, "_publish")
    expect(page.locator(".messagelist")).to_contain_text("Published.")
    _reader_sees(browser, address, FIRST_TEXT, SECOND_TEXT)
    assert Article.objects.get(pk=live_article.pk).body == FIRST_TEXT
    kinds = set(Revision.objects.values_list("kind", flat=True))
    assert Revision.Kind.RESTORED in kinds
