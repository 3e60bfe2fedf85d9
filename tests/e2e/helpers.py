"""Shared tools for the browser tests: the site's page types, axe-core, CSP listeners, sign-in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BLOCKING_IMPACTS = {"serious", "critical"}
EDITOR_PASSWORD = "a-long-browser-test-password"

# Recorded before any page script runs; Playwright's init scripts are not subject to the CSP.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
}, true);
"""


INDEX_PAGES = {
    "articles-index": "/articles/",
    "authors-index": "/authors/",
    "pillars-index": "/pillars/",
    "references-index": "/references/",
}


def route_exists(path: str) -> bool:
    try:
        resolve(path.split("?")[0])
    except Resolver404:
        return False
    return True


def seed_public_pages() -> dict[str, str]:
    """Load the demo content and return one address per public page type that exists today.

    Page types whose app has not landed yet (search, references) are left out, so
    the tests cover them automatically as soon as they exist.
    """
    from articles.models import Article

    call_command("load_demo", verbosity=0)
    article = (
        Article.objects.published()
        .filter(hub__isnull=False)
        .select_related("hub__pillar", "author")
        .order_by("published_at")
        .last()
    )
    pages = {
        "home": "/",
        "pillar": article.hub.pillar.get_absolute_url(),
        "hub": article.hub.get_absolute_url(),
        "article": article.get_absolute_url(),
        "author": article.author.get_absolute_url(),
        "strategy-call": reverse("leads:strategy_call") + f"?from={article.get_absolute_url()}",
        "404": "/this-page-does-not-exist/",
    }
    if route_exists("/search/"):
        pages["search"] = "/search/?q=stress"
        pages["search-empty"] = "/search/?q=stresz+amygdela"
    for name, path in INDEX_PAGES.items():
        if route_exists(path):
            pages[name] = path
    reference = first_reference_url()
    if reference:
        pages["reference"] = reference
    return pages


def first_reference_url() -> str | None:
    """The address of a cited work, once the references app provides pages for them."""
    try:
        from references import models as reference_models
    except ImportError:  # pragma: no cover - the app always exists, its models may not
        return None
    model = getattr(reference_models, "Citation", None)
    if model is None or not hasattr(model, "get_absolute_url"):
        return None
    try:
        citation = model.objects.order_by("pk").first()
    except DatabaseError:  # the model exists but its migration has not landed yet
        return None
    if citation is None:
        return None
    url = citation.get_absolute_url()
    return url if route_exists(url) else None


def axe_available() -> bool:
    return AXE_SCRIPT.exists()


def require_axe() -> None:
    """Skip locally when axe-core is not installed; CI (CI=true) must have it."""
    if axe_available():
        return
    message = f"axe-core not installed ({AXE_SCRIPT}); run `npm ci` (.ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run_axe(page: Page) -> list[dict]:
    """Inject axe-core into the page and return its violations (WCAG 2.x A/AA and best practice)."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ['violations']});
          return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))
          }));
        }"""
    )


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.extend(f"    {node['target']}: {node['summary']}" for node in violation["nodes"][:5])
    return "\n".join(lines)


def csp_violations(page: Page) -> list[dict]:
    return page.evaluate("() => window.__cspViolations || []")


def make_editor(username: str = "author") -> object:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(username, f"{username}@example.org", EDITOR_PASSWORD)


def sign_in(page: Page, base_url: str, username: str = "author") -> None:
    """Sign in through the admin's login form, as a person would."""
    page.goto(base_url + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base_url + "/admin/")


def make_live_article(body: str):
    """A published article (with its hub, pillar and author) whose body is ``body``."""
    from tests import factories

    author = factories.make_author(name="Dr Ada Example", slug="ada-example", credentials="PhD")
    hub = factories.make_hub(factories.make_pillar(number=4, name="Stress", slug="stress"), author=author)
    article = factories.make_article(hub, author=author, title="Trusted People", slug="trusted-people")
    article.body = body
    article.save()
    return article
