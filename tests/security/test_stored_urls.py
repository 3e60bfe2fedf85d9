"""URLs written straight to the database (shell, a future import) never become script links."""

import pytest

from articles.models import AuthorLink
from references.models import Citation

pytestmark = pytest.mark.django_db

HOSTILE_URLS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html,<script>x</script>",
    "vbscript:x",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_author_links_with_unsafe_schemes_are_not_rendered(client, author, url):
    AuthorLink.objects.bulk_create([AuthorLink(author=author, label="Profile", url=url)])
    html = client.get(author.get_absolute_url()).content.decode()
    assert 'href="' + url.strip() not in html
    assert ">Profile<" not in html


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_citation_urls_with_unsafe_schemes_are_not_links(client, url):
    Citation.objects.bulk_create(
        [
            Citation(
                key="evil2020",
                title="A work",
                year=2020,
                url=url,
                authors=[{"family": "Evil", "given": "E."}],
            )
        ]
    )
    html = client.get("/references/evil2020/").content.decode().lower()
    assert 'href="javascript' not in html
    assert 'href="data:' not in html
    assert 'href="vbscript' not in html
    assert 'href=" javascript' not in html


def test_safe_links_still_work(client, author):
    AuthorLink.objects.create(author=author, label="ORCID", url="https://orcid.org/0000-0002-1825-0097")
    html = client.get(author.get_absolute_url()).content.decode()
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in html
