"""History and compare pages share one frame: breadcrumbs back to the page and its history."""

from __future__ import annotations

import pytest

from articles import drafts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["article", "hub", "pillar", "author"])
def test_history_and_compare_have_the_breadcrumbs_of_their_page(staff_client, model, article):
    page = {"article": article, "hub": article.hub, "pillar": article.hub.pillar, "author": article.author}[
        model
    ]
    drafts.record_saved(page)
    base = f"/admin/articles/{model}/{page.pk}"
    history = staff_client.get(f"{base}/history/").content.decode()
    compare = staff_client.get(f"{base}/history/compare/?a=live&b=live").content.decode()
    for html in (history, compare):
        assert f'<li><a href="{base}/change/">' in html
        assert f'href="/admin/articles/{model}/"' in html
    assert '<li aria-current="page">History</li>' in history and "revision-history" in history
    assert f'<li><a href="{base}/history/">History</a></li>' in compare and "revision-compare" in compare
    assert '<li aria-current="page">Compare</li>' in compare
