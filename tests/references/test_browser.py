"""A reader follows an in-text citation to its entry, in a real browser; axe finds no
serious problems on an article with references or on a citation's page."""

import os
import shutil

import pytest

from tests import factories
from tests.e2e import helpers
from tests.references.helpers import coan_sbarra_pair

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (
            shutil.which("chromium") or os.path.exists(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
        ),
        reason="needs Debian's chromium",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_citation_links_to_its_entry_and_pages_pass_axe(live_server, browser):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    coan_sbarra_pair()
    hub = factories.make_hub()
    body = (
        "## Evidence\n\n"
        + "Filler paragraph. " * 200
        + "\n\nTrust lowers threat [@coan2015b; @cacioppo2015]. Baseline [@coan2015a]."
    )  # both 2015 works of the pair on one page: 2015a and 2015b
    article = factories.make_article(hub, slug="cites", body=body)
    context = browser.new_context(viewport=helpers.DESKTOP, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + article.get_absolute_url())
        page.get_by_role("link", name="Coan & Sbarra, 2015b").click()
        page.wait_for_function("() => location.hash === '#ref-coan2015b'")
        entry = page.locator("#ref-coan2015b")
        assert entry.is_visible()
        assert "Coan, J. A., & Sbarra, D. A. (2015b)." in entry.inner_text()
        if helpers.axe_available():
            assert not helpers.blocking(helpers.run_axe(page)), helpers.describe(helpers.run_axe(page))
            page.goto(live_server.url + "/references/coan2015b/")
            assert "Pages that cite it" in page.content()
            assert not helpers.blocking(helpers.run_axe(page)), helpers.describe(helpers.run_axe(page))
    finally:
        context.close()
