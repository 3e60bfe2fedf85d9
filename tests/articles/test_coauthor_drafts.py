"""Co-authors are part of a page's draft: saved as a draft, previewed, published, compared."""

from __future__ import annotations

import pytest
from django.test import Client

from articles.models import Coauthor
from revisions.models import Revision
from tests import factories
from tests.articles.test_revisions import change_url, post_form
from tests.caching.admin_forms import form_data

pytestmark = pytest.mark.django_db


def with_coauthor(client: Client, url: str, author) -> dict:
    data = form_data(client.get(url).content.decode())
    data["coauthors-TOTAL_FORMS"] = ["1"]
    data["coauthors-0-author"] = [str(author.pk)]
    data["coauthors-0-position"] = ["1"]
    return data


def test_a_co_author_added_to_a_live_article_waits_in_its_draft(staff_client, article):
    partner = factories.make_author(name="Pat Partner", slug="pat-partner")
    url = change_url(article)
    response = post_form(
        staff_client, url, {}, "_save_draft", opened=with_coauthor(staff_client, url, partner)
    )
    assert response.status_code == 302
    assert not Coauthor.objects.exists()  # readers still see the live byline
    assert "Pat Partner" not in Client().get(article.get_absolute_url()).content.decode()
    assert "Pat Partner" in staff_client.get(article.get_absolute_url()).content.decode()  # the preview
    draft = Revision.objects.of(article).first()
    compare = staff_client.get(f"/admin/articles/article/{article.pk}/history/compare/?a=live&b={draft.pk}")
    assert compare.status_code == 200
    assert "Co-authors" in compare.content.decode() and "Pat Partner" in compare.content.decode()
    response = post_form(staff_client, url, {}, "_publish")
    assert response.status_code == 302
    assert [row.author for row in Coauthor.objects.filter(article=article)] == [partner]
    assert "Pat Partner" in Client().get(article.get_absolute_url()).content.decode()
