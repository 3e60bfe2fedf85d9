"""Pages citing works: in-text citations on real pages, the reference list kept in step
with the text, pages rendered again when works change, the citation page, downloads."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from articles.citations import attach_further_reading, citations_for_page, cited_works, set_further_reading
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
    assert [c.key for c in cited_works(article)] == ["cacioppo2015"]


def test_hub_intro_and_faq_answers_cite_works_too(client, hub):
    coan_sbarra_pair()
    hub.intro = "## Why\n\nPeople regulate each other [@coan2015a]."
    hub.save()
    factories.FAQ(hub=hub, question="Is it new?", answer="No [@cacioppo2015].", position=1).save()
    assert [c.key for c in citations_for_page(hub)] == ["cacioppo2015", "coan2015a"]
    page = client.get(hub.get_absolute_url()).content.decode()
    assert 'id="ref-cacioppo2015"' in page and 'id="ref-coan2015a"' in page
    assert 'href="#ref-cacioppo2015"' in page  # the FAQ answer links to the entry


def test_faq_with_unknown_key_is_a_validation_error(article):
    faq = factories.FAQ(article=article, question="Q?", answer="See [@missing2001].")
    with pytest.raises(ValidationError) as caught:
        faq.full_clean()
    assert "missing2001" in str(caught.value)


def test_year_suffixes_belong_to_each_reference_list(hub, author):
    """APA 9.47: 2015a/2015b among the works of one list; a page citing one of them shows 2015."""
    make_citation(
        key="sbarra2015",
        authors=[person("Sbarra", "David A."), person("Coan", "James A.")],
        year=2015,
        title="Relationships and health: The critical role of affective science",
    )
    article = factories.make_article(hub, author=author, body="Shown [@sbarra2015].")
    assert "Sbarra &amp; Coan, 2015</a>" in article.body_html
    make_citation(
        key="sbarra2015b",
        authors=[person("Sbarra", "David A."), person("Coan", "James A.")],
        year=2015,
        title="Another view of the same year",
    )
    article.refresh_from_db()
    # the library now holds two such works, but this page lists one: no lone "2015b"
    assert "Sbarra &amp; Coan, 2015</a>" in article.body_html
    assert [c.year_label for c in citations_for_page(article)] == ["2015"]

    both = factories.make_article(hub, author=author, body="First [@sbarra2015], then [@sbarra2015b].")
    assert "Sbarra &amp; Coan, 2015b</a>" in both.body_html  # "Relationships…" sorts after "Another…"
    assert "Sbarra &amp; Coan, 2015a</a>" in both.body_html
    assert [(c.key, c.year_label) for c in citations_for_page(both)] == [
        ("sbarra2015b", "2015a"),
        ("sbarra2015", "2015b"),
    ]


def test_a_work_joining_the_list_gives_suffixes_to_text_already_stored(hub, author):
    for key, title in (("lee2020a", "Alpha study"), ("lee2020b", "Beta study")):
        make_citation(key=key, authors=[person("Lee", "A.")], year=2020, title=title)
    article = factories.make_article(hub, author=author, body="Body cites [@lee2020b].")
    faq = factories.FAQ(article=article, question="Q?", answer="See [@lee2020b].")
    faq.save()
    article.refresh_from_db()
    assert "Lee, 2020</a>" in article.body_html
    # a second FAQ cites the other work: the body and the first FAQ now read 2020b
    factories.FAQ(article=article, question="More?", answer="Also [@lee2020a].", position=2).save()
    article.refresh_from_db()
    faq.refresh_from_db()
    assert "Lee, 2020b</a>" in article.body_html
    assert "Lee, 2020b</a>" in faq.answer_html
    assert [c.year_label for c in citations_for_page(article)] == ["2020a", "2020b"]


def test_further_reading_counts_in_the_list_suffixes(hub, author):
    first = make_citation(key="kim2019x", authors=[person("Kim", "B.")], year=2019, title="Zeta")
    other = make_citation(key="kim2019y", authors=[person("Kim", "B.")], year=2019, title="Alpha")
    article = factories.make_article(hub, author=author, body="[@kim2019x]")
    assert "Kim, 2019</a>" in article.body_html
    set_further_reading(article, [other])
    article.refresh_from_db()
    assert "Kim, 2019b</a>" in article.body_html
    set_further_reading(article, [])
    article.refresh_from_db()
    assert "Kim, 2019</a>" in article.body_html
    assert first.pk in {c.pk for c in citations_for_page(article)}


def test_creating_a_work_fixes_pages_that_cited_it_before_it_existed(hub, author):
    article = factories.make_article(hub, author=author, body="Early [@later2020].")
    assert "missing reference" in article.body_html
    make_citation(key="later2020", authors=[person("Later", "A.")], year=2020, title="Arrives late")
    article.refresh_from_db()
    assert "Later, 2020</a>" in article.body_html
    assert [c.key for c in citations_for_page(article)] == ["later2020"]


def test_editing_a_work_rerenders_the_pages_that_cite_it(hub, author):
    work = make_citation(key="typo2019", authors=[person("Tyop", "A.")], year=2019, title="Misspelt")
    article = factories.make_article(hub, author=author, body="[@typo2019]")
    work.authors = [person("Typo", "A.")]
    work.save()
    article.refresh_from_db()
    assert "(<a" in article.body_html and "Typo, 2019</a>" in article.body_html


def test_a_cited_key_cannot_be_renamed_while_pages_use_it(hub, author):
    work = make_citation(key="keep2010", authors=[person("Keep", "A.")], year=2010, title="Kept")
    factories.make_article(hub, author=author, body="[@keep2010]", title="Uses it")
    work.key = "renamed2010"
    with pytest.raises(ValidationError) as caught:
        work.full_clean()
    assert "Uses it" in str(caught.value)


def reference_count_queries(client, article) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return len(context)


def test_article_page_queries_do_not_grow_with_its_references(
    client, hub, author, django_assert_max_num_queries
):
    one = factories.make_article(hub, author=author, slug="one-ref", body="[@w0]")
    make_citation(key="w0", authors=[person("Author0", "A.")], year=2000, title="Work 0")
    many = []
    for i in range(60):
        many.append(
            make_citation(key=f"m{i}", authors=[person(f"Many{i:02d}", "B.")], year=2001, title=f"Work {i}")
        )
    body = " ".join(f"[@m{i}]" for i in range(30))
    sixty = factories.make_article(hub, author=author, slug="sixty-refs", body=body)
    attach_further_reading(sixty, many[30:])
    assert len(citations_for_page(sixty)) == 60
    baseline = reference_count_queries(client, one)
    with django_assert_max_num_queries(baseline):
        response = client.get(sixty.get_absolute_url())
    assert response.content.decode().count('class="reference"') == 60


def test_citation_page_lists_only_published_pages(client, hub, author):
    coan_sbarra_pair()
    factories.make_article(hub, author=author, title="Public piece", slug="public", body="[@coan2015a]")
    factories.make_article(
        hub, author=author, title="Secret draft", slug="draft", body="[@coan2015a]", published=False
    )
    response = client.get("/references/coan2015a/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Public piece" in html and "Secret draft" not in html
    assert "Coan, J. A., &amp; Sbarra, D. A. (2015a)." in html
    assert 'href="https://doi.org/10.1016/j.copsyc.2014.12.021"' in html


def test_unknown_citation_page_is_404(client, db):
    assert client.get("/references/nothing-here/").status_code == 404


def test_reference_list_is_in_apa_order(hub, author):
    works = [
        make_citation(
            key="pair", authors=[person("Coan", "J. A."), person("Sbarra", "D. A.")], year=2015, title="Pair"
        ),
        make_citation(key="solo", authors=[person("Coan", "J. A.")], year=2016, title="Solo later"),
        make_citation(key="solond", authors=[person("Coan", "J. A.")], year=None, title="Solo undated"),
        make_citation(key="initial", authors=[person("Coan", "A. B.")], year=2020, title="Other Coan"),
        make_citation(key="accent", authors=[person("Çelik", "E.")], year=2019, title="Accented"),
        make_citation(key="anon", authors=[], year=2018, title="The brain at work", type="webpage"),
        make_citation(key="zed", authors=[{"literal": "Zeta Institute"}], year=2001, title="Last"),
    ]
    article = factories.make_article(hub, author=author)
    attach_further_reading(article, works)
    assert [c.key for c in citations_for_page(article)] == [
        "anon",
        "accent",
        "initial",
        "solond",
        "solo",
        "pair",
        "zed",
    ]


def test_readers_can_download_a_pages_references(client, hub, author):
    coan_sbarra_pair()
    article = factories.make_article(hub, author=author, slug="dl", body="[@coan2015b] [@cacioppo2015]")
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'href="/references/export/article/dl.bib"' in page
    bib = client.get("/references/export/article/dl.bib")
    assert bib.status_code == 200 and 'filename="dl-references.bib"' in bib["Content-Disposition"]
    body = bib.content.decode()
    assert (
        body.index("@article{cacioppo2015,") < body.index("@article{coan2015b,") and "coan2015a" not in body
    )
    assert "TY  - JOUR" in client.get("/references/export/article/dl.ris").content.decode()
    assert client.get("/references/export/article/dl.json").json()[0]["id"] == "cacioppo2015"
    hub_page = client.get(hub.get_absolute_url()).content.decode()
    assert "/references/export/" not in hub_page  # the hub lists no references


def test_downloads_of_drafts_and_unknown_pages_are_404(client, hub, author):
    factories.make_article(hub, author=author, slug="secret", published=False, body="Text")
    assert client.get("/references/export/article/secret.bib").status_code == 404
    assert client.get("/references/export/article/none.bib").status_code == 404
    assert client.get("/references/export/pillar/x.bib").status_code == 404
    assert client.get(f"/references/export/hub/{hub.slug}.pdf").status_code == 404


def test_pages_without_a_reference_list_keep_at_signs_as_written(hub, author):
    make_citation(key="coan2006")
    bio = factories.make_author(bio="Write to me @coan2006 or [@coan2006].")
    assert "@coan2006" in bio.bio_html and "citation" not in bio.bio_html
    bio.full_clean()  # no "unknown key" check either
    article = factories.make_article(hub, author=author, body="[@coan2006]")
    assert 'class="citation"' in article.body_html


def test_deleting_a_faq_drops_the_works_only_it_cited(hub):
    coan_sbarra_pair()
    faq = factories.FAQ(hub=hub, question="Why?", answer="[@coan2015a]", position=1)
    faq.save()
    assert [c.key for c in citations_for_page(hub)] == ["coan2015a"]
    faq.delete()
    assert citations_for_page(hub) == []


def page_references(*args) -> str:
    out = StringIO()
    call_command("page_references", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_command_exports_one_pages_references(hub, author):
    coan_sbarra_pair()
    article = factories.make_article(hub, author=author, body="[@coan2015b]", published=False)
    output = page_references("--article", article.slug, "--format", "bibtex")
    assert "@article{coan2015b," in output and "coan2015a" not in output
    hub.intro = "[@cacioppo2015]"
    hub.save()
    assert '"id": "cacioppo2015"' in page_references("--hub", hub.slug)
    with pytest.raises(CommandError, match="No article"):
        page_references("--article", "no-such-slug")
