"""The Content Security Policy holds in a real browser: zero violations, CSP enforced.

Violations are collected two ways: ``securitypolicyviolation`` events recorded by an
init script (which runs before any page script), and the console messages Chromium
writes when it blocks something. No context here bypasses the CSP.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from articles.models import Article
from tests.e2e import helpers

pytestmark = pytest.mark.browser


def _watch(page: Page) -> list[str]:
    """Record CSP console errors of ``page``; returns the live list."""
    messages: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            messages.append(text)

    page.on("console", on_console)
    page.add_init_script(helpers.CSP_LISTENER)
    return messages


def _assert_clean(page: Page, console: list[str], where: str) -> None:
    violations = helpers.csp_violations(page)
    assert violations == [], f"CSP violations on {where}: {violations}"
    assert console == [], f"CSP console errors on {where}: {console}"


@pytest.mark.django_db(transaction=True)
def test_public_pages_report_no_csp_violations(live_server, browser):
    pages = helpers.seed_public_pages()
    for viewport in (helpers.PHONE, helpers.DESKTOP):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        console = _watch(page)
        try:
            for page_type, path in pages.items():
                response = page.goto(live_server.url + path)
                assert response is not None
                assert response.headers.get("content-security-policy"), page_type
                page.wait_for_load_state("load")
                _assert_clean(page, console, f"{page_type} ({path}) at {viewport['width']}px")
        finally:
            context.close()


@pytest.mark.django_db(transaction=True)
def test_article_editor_works_under_the_csp_without_violations(live_server, page):
    """Add and change pages of an article, typing so the live preview renders."""
    helpers.seed_public_pages()
    helpers.make_editor()
    console = _watch(page)
    helpers.sign_in(page, live_server.url)
    _assert_clean(page, console, "the admin index")

    page.goto(live_server.url + "/admin/articles/article/add/")
    body = page.locator("textarea#id_body")
    body.fill("## Under the policy\n\nA **bold** claim with a [link](https://example.org/).")
    preview = page.locator(".markdownx:has(#id_body) .markdownx-preview")
    expect(preview.locator("h2")).to_have_text("Under the policy")
    expect(preview.locator("strong")).to_have_text("bold")
    _assert_clean(page, console, "the article add page")

    article = Article.objects.published().order_by("pk").first()
    page.goto(live_server.url + f"/admin/articles/article/{article.pk}/change/")
    preview = page.locator(".markdownx:has(#id_body) .markdownx-preview")
    expect(preview.locator("h2").first).to_be_visible()
    body = page.locator("textarea#id_body")
    body.press("Control+End")
    body.press_sequentially("\n\n## Typed in the browser\n")
    expect(preview.get_by_role("heading", name="Typed in the browser")).to_be_visible()
    # The inline FAQ rows and the collapsible fieldsets use the admin's own scripts.
    page.get_by_role("button", name="Add another FAQ").click()
    _assert_clean(page, console, "the article change page")

    # The other editors: hub intro, author bio, and the references admin.
    for path, field in (
        ("/admin/articles/hub/add/", "id_intro"),
        ("/admin/articles/author/add/", "id_bio"),
        ("/admin/references/citation/add/", None),
        ("/admin/references/citation/", None),
    ):
        page.goto(live_server.url + path)
        if field:
            page.locator(f"textarea#{field}").fill("## Heading\n\nText with *emphasis*.")
            expect(page.locator(f".markdownx:has(#{field}) .markdownx-preview em")).to_have_text("emphasis")
        _assert_clean(page, console, path)


@pytest.mark.django_db(transaction=True)
def test_the_listener_sees_a_violation_and_the_policy_blocks_inline_script(live_server, page):
    """A canary: without it, "zero violations" could mean the listener never worked."""
    console = _watch(page)
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
          const script = document.createElement('script');
          script.textContent = 'window.__inlineRan = true';
          document.body.appendChild(script);
          const link = document.createElement('a');
          link.setAttribute('href', 'javascript:window.__jsUrlRan = true');
          document.body.appendChild(link);
          link.click();
        }"""
    )
    page.wait_for_function("() => window.__cspViolations.length >= 2")
    assert page.evaluate("() => window.__inlineRan") is None
    assert page.evaluate("() => window.__jsUrlRan") is None
    directives = {v["directive"] for v in helpers.csp_violations(page)}
    assert directives <= {"script-src-elem", "script-src"}, directives
    assert console, "Chromium reports blocked scripts on the console too"
