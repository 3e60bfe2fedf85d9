"""Keyboard-only readers: Tab reaches the skip link first, then the main links and the call to action."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import helpers

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName, text: (el.innerText || '').trim(), href: el.getAttribute('href') || '',
          visible: !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length),
          outline: getComputedStyle(el).outlineStyle, shadow: getComputedStyle(el).boxShadow};
}"""


def tab_through(page: Page, limit: int = 60) -> list[dict]:
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    return stops


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [helpers.PHONE, helpers.DESKTOP], ids=["phone", "desktop"])
def test_tab_order_reaches_skip_link_nav_and_call_to_action(live_server, browser, viewport):
    pages = helpers.seed_public_pages()
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(live_server.url + pages["article"])
        stops = tab_through(page)
        first = stops[0]
        assert first["text"] == "Skip to main content"
        assert first["visible"], "the skip link must become visible when focused"
        assert first["outline"] != "none" or first["shadow"] != "none", "focus must be visible"

        texts = [stop["text"] for stop in stops]
        for link in ("Pillars", "Articles", "Search", "Book a Strategy Call"):
            assert link in texts, f"{link!r} is not reachable with Tab: {texts}"
        # Header navigation comes before the content, in reading order.
        assert texts.index("Pillars") < texts.index("Articles") < texts.index("Search")
        in_page_cta = [s for s in stops if s["href"].startswith("/strategy-call/?from=/articles/")]
        assert in_page_cta, "the article's own call to action is not reachable with Tab"
        assert all(stop["visible"] for stop in stops if stop["tag"] == "A"), "focus landed on a hidden link"

        # The skip link moves focus to the main content.
        page.goto(live_server.url + pages["article"])
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.locator("main#main")).to_be_focused()
        page.keyboard.press("Tab")
        focused_inside_main = page.evaluate("() => !!document.activeElement.closest('main')")
        assert focused_inside_main, "after the skip link, Tab continues inside the main content"

        # Enter on the call to action opens the booking page.
        page.goto(live_server.url + pages["article"])
        for _ in range(len(stops)):
            page.keyboard.press("Tab")
            if page.evaluate(FOCUSED)["href"].startswith("/strategy-call/?from=/articles/"):
                break
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/strategy-call/\?from=/articles/[\w-]+/$"))
    finally:
        context.close()
