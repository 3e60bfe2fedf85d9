"""In-text citations on real pages, the reference list, and the citation page."""

import pytest
from django.core.exceptions import ValidationError

from references.api import attach_further_reading, citations_for_page
from references.models import PageCitation
from tests import factories
from tests.references.helpers import coan_sbarra_pair, make_citation, person

pytestmark = pytest.mark.django_db

BODY = (
    "## Evidence\n\nLoneliness hurts [@cacioppo2015]. Others agree [@coan2015a]. "
    "And again [@coan2015b].\n\n@coan2015a showed it [see @coan2015b, p. 12; @cacioppo2015]."
)


def test_issue_case_renders_apa_in_text_and_matching_list(client, hub, author):
    coan_sbarra_pair()
    article = factories.make_article(hub, author=author, slug="with-refs", body=BODY)
    html = article.body_html
    assert (
        '(<a class="citation" href="#ref-cacioppo2015" rel="noopener noreferrer">Cacioppo et al., 2015</a>)'
        in html
    )
    assert ">Coan &amp; Sbarra, 2015a</a>)" in html
    assert ">Coan &amp; Sbarra, 2015b</a>)" in html
    assert ">Coan and Sbarra (2015a)</a> showed" in html
    # several works in one parenthesis: APA order, prefix kept in front
    assert "(see <a" in html and html.index("Cacioppo et al., 2015</a>; <a") > html.index("(see <a")

    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    positions = [page.index(f'id="ref-{key}"') for key in ("cacioppo2015", "coan2015a", "coan2015b")]
    assert positions == sorted(positions)
    assert "Coan, J. A., &amp; Sbarra, D. A. (2015a)." in page
    assert "Coan, J. A., &amp; Sbarra, D. A. (2015b)." in page
    assert '<a href="https://doi.org/10.1177/1745691615570616"' in page


def test_unknown_key_is_a_validation_error_naming_it(hub, author):
    article = factories.make_article(hub, author=author, body="See [@nosuchwork2020].")
    with pytest.raises(ValidationError) as caught:
        article.full_clean()
    assert "nosuchwork2020" in str(caught.value.message_dict["body"])


def test_cited_works_follow_the_text_and_further_reading_is_kept(hub, author):
    coan_sbarra_pair()
    article = factories.make_article(hub, author=author, body="[@coan2015a]")
    extra = make_citation(key="zed2001", authors=[person("Zed", "A.")], year=2001, title="Late work")
    attach_further_reading(article, [extra])
    assert [c.key for c in citations_for_page(article)] == ["coan2015a", "zed2001"]
    article.body = "[@cacioppo2015]"
    article.save()
    assert [c.key for c in citations_for_page(article)] == ["cacioppo2015", "zed2001"]
    assert PageCitation.objects.filter(article=article, kind="cited").count() == 1
