"""axe-core on every public page type, at phone and desktop widths, in the light and the
dark colour scheme, with screenshots.

Zero serious or critical violations are allowed (colour contrast included, in both
schemes). Screenshots (full page) are written to ``artifacts/<page>-<width>-<scheme>.png``
so a person can look at each page type.
"""

from __future__ import annotations

import json

import pytest

from tests.e2e import helpers

pytestmark = pytest.mark.browser

PAGE_TYPES = [
    "home",
    "pillar",
    "hub",
    "article",
    "author",
    "search",
    "search-empty",
    "strategy-call",
    "reference",
    "articles-index",
    "authors-index",
    "pillars-index",
    "references-index",
    "404",
]
WIDTHS = {"phone": helpers.PHONE, "desktop": helpers.DESKTOP}
SCHEMES = ["light", "dark"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_has_no_serious_axe_violations(page_type, scheme, live_server, browser, artifacts_dir):
    helpers.require_axe()
    pages = helpers.seed_public_pages()
    assert page_type in pages, f"seed_public_pages() made no {page_type} page"
    report = {}
    for label, viewport in WIDTHS.items():
        # axe is injected as a script, so this context alone bypasses the CSP;
        # tests/e2e/test_csp.py checks the same pages with the CSP enforced.
        context = browser.new_context(viewport=viewport, bypass_csp=True, color_scheme=scheme)
        page = context.new_page()
        try:
            response = page.goto(live_server.url + pages[page_type])
            expected_status = 404 if page_type == "404" else 200
            assert response is not None
            assert response.status == expected_status
            assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
            page.screenshot(path=str(artifacts_dir / f"{page_type}-{label}-{scheme}.png"), full_page=True)
            report[label] = helpers.run_axe(page)
        finally:
            context.close()
    (artifacts_dir / f"axe-{page_type}-{scheme}.json").write_text(json.dumps(report, indent=2))
    problems = {label: helpers.blocking(violations) for label, violations in report.items()}
    assert not any(problems.values()), "\n".join(
        f"{page_type} ({scheme}) at {label} width:\n{helpers.describe(found)}"
        for label, found in problems.items()
        if found
    )


@pytest.mark.django_db(transaction=True)
def test_axe_reports_a_planted_violation(live_server, browser):
    """A canary: without it, "zero violations" could mean axe never ran."""
    helpers.require_axe()
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.evaluate(
            """() => {
              const img = document.createElement('img');
              img.src = '/static/missing.png';
              document.querySelector('main').appendChild(img);
            }"""
        )
        found = {violation["id"] for violation in helpers.blocking(helpers.run_axe(page))}
        assert "image-alt" in found
    finally:
        context.close()
