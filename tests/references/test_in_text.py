"""Pandoc-style keys in Markdown become APA in-text citations linked to the reference list."""

import re

import pytest

from articles.markdown import render_markdown
from references.markdown import citation_problems, cited_keys
from tests.references.helpers import coan_sbarra_pair, make_citation, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def works():
    coan2006 = make_citation(key="coan2006")
    cacioppo, first, second = coan_sbarra_pair()
    who = make_citation(
        key="who2022",
        type="report",
        authors=[{"literal": "World Health Organization"}],
        year=2022,
        title="World mental health report: Transforming mental health for all",
        container_title="",
        volume="",
        issue="",
        pages="",
        url="https://www.who.int/publications/i/item/9789240049338",
    )
    anonymous = make_citation(
        key="stressbrain2021",
        type="webpage",
        authors=[],
        year=2021,
        title="How stress shapes the adolescent brain",
        container_title="Brain Facts",
        volume="",
        issue="",
        pages="",
        url="https://www.brainfacts.org/stress-adolescent",
    )
    return {
        "coan2006": coan2006,
        "cacioppo": cacioppo,
        "a": first,
        "b": second,
        "who": who,
        "anon": anonymous,
    }


def text_of(markdown: str) -> str:
    """The rendered paragraph with tags removed."""
    return re.sub(r"<[^>]+>", "", render_markdown(markdown).html).strip()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[@coan2006]", "(Coan et al., 2006)"),
        ("@coan2006 found it", "Coan et al. (2006) found it"),
        ("as shown [-@coan2006]", "as shown (2006)"),
        ("[@coan2006, p. 1034]", "(Coan et al., 2006, p. 1034)"),
        ("[@coan2006, pp. 1032-1034]", "(Coan et al., 2006, pp. 1032–1034)"),
        ("[@coan2006, 1032-1034]", "(Coan et al., 2006, pp. 1032–1034)"),
        ("[@coan2006, 1033]", "(Coan et al., 2006, p. 1033)"),
        ("[@coan2006, chap. 3]", "(Coan et al., 2006, Chapter 3)"),
        ("[@coan2006, para. 4]", "(Coan et al., 2006, para. 4)"),
        ("[@coan2006, sec. 2]", "(Coan et al., 2006, Section 2)"),
        ("[@coan2006, 12, 15]", "(Coan et al., 2006, pp. 12, 15)"),
        ("[see @cacioppo2015; @coan2006, p. 12]", "(see Cacioppo et al., 2015; Coan et al., 2006, p. 12)"),
        ("[see @coan2015b; @coan2015a]", "(see Coan &amp; Sbarra, 2015a, 2015b)"),
        ("[e.g., @who2022; @coan2006]", "(e.g., Coan et al., 2006; World Health Organization, 2022)"),
        ("[@coan2006; see also @cacioppo2015]", "(see also Cacioppo et al., 2015; Coan et al., 2006)"),
        ("@coan2006 [p. 1034] found", "Coan et al. (2006, p. 1034) found"),
        ("[see @coan2006, p. 12; @cacioppo2015]", "(see Cacioppo et al., 2015; Coan et al., 2006, p. 12)"),
        ("[@coan2015b; @coan2015a]", "(Coan &amp; Sbarra, 2015a, 2015b)"),
        ("[@coan2015a]", "(Coan &amp; Sbarra, 2015a)"),
        ("@coan2015b argued", "Coan and Sbarra (2015b) argued"),
        ("[@cacioppo2015]", "(Cacioppo et al., 2015)"),
        ("[@who2022]", "(World Health Organization, 2022)"),
        ("[@stressbrain2021]", "(How stress shapes the…, 2021)"),
        (
            "[@coan2006; @who2022; @cacioppo2015]",
            "(Cacioppo et al., 2015; Coan et al., 2006; World Health Organization, 2022)",
        ),
    ],
)
def test_in_text_forms(works, source, expected):
    assert text_of(source) == expected


def test_each_work_links_to_its_entry(works):
    html = render_markdown("[@coan2006; @cacioppo2015] and @coan2015a").html
    for key in ("coan2006", "cacioppo2015", "coan2015a"):
        assert f'<a class="citation" href="#ref-{key}"' in html


def test_title_stands_in_for_a_missing_author_in_italics(works):
    assert "<i>How stress shapes the…</i>" in render_markdown("[@stressbrain2021]").html


@pytest.mark.parametrize(
    "source",
    [
        "Write to office@coan2006.org today.",
        "Code: `[@coan2006]` and `@coan2006`.",
        "Escaped \\@coan2006 stays text.",
        "```\n[@coan2006]\n```",
    ],
)
def test_not_citations(works, source):
    html = render_markdown(source).html
    assert 'class="citation"' not in html
    assert cited_keys(source) == []


def test_a_link_with_an_at_sign_in_its_text_stays_a_link(works):
    html = render_markdown(
        "[docs](https://example.org/@team) and [ask @coan2006](https://example.org/ask)"
    ).html
    assert 'href="https://example.org/@team"' in html
    assert '<a href="https://example.org/ask" rel="noopener noreferrer">ask @coan2006</a>' in html
    assert 'class="citation"' not in html  # never a link inside a link


def test_unknown_key_is_reported_by_name_and_visible_when_rendered(works):
    problems = citation_problems("Known [@coan2006], unknown [@nobody1999; @coan2006] and @ghost2020.")
    assert len(problems) == 2
    assert "nobody1999" in problems[0]
    assert "ghost2020" in problems[1]
    assert "[missing reference: @nobody1999]" in render_markdown("[@nobody1999]").html


def test_cited_keys_in_order_without_duplicates():
    assert cited_keys("[@b; @a] then @c and [@a, p. 3]") == ["b", "a", "c"]


def test_hostile_prefix_is_escaped(works):
    html = render_markdown("[<script>alert(1)</script> @coan2006]").html
    assert "<script>" not in html


def test_et_al_names_more_authors_when_two_works_would_read_the_same(works):
    other = make_citation(
        key="coan2006b",
        authors=[person("Coan", "James A."), person("Allen", "John J. B."), person("McKnight", "Patrick E.")],
        year=2006,
        title="A capability model of individual differences in frontal EEG asymmetry",
        container_title="Biological Psychology",
    )
    assert text_of("[@coan2006]") == "(Coan, Schaefer, et al., 2006)"
    assert text_of("@coan2006b showed") == "Coan, Allen, et al. (2006) showed"
    assert text_of("[@cacioppo2015]") == "(Cacioppo et al., 2015)"  # nobody else reads the same
    other.year = 2007
    other.save()
    assert text_of("[@coan2006]") == "(Coan et al., 2006)"


def test_pages_are_rerendered_when_et_al_becomes_ambiguous(works, hub, author):
    from tests import factories

    article = factories.make_article(hub, author=author, body="[@coan2006]")
    assert "Coan et al., 2006</a>" in article.body_html
    make_citation(
        key="coan2006c",
        authors=[person("Coan", "James A."), person("Allen", "John J. B."), person("McKnight", "Patrick E.")],
        year=2006,
        title="Frontal asymmetry",
    )
    article.refresh_from_db()
    assert "Coan, Schaefer, et al., 2006</a>" in article.body_html


def test_author_bios_keep_at_names_as_written(works):
    from tests import factories

    author = factories.make_author(bio="Follow @coan2006 and @mindlab on social media.")
    author.full_clean()  # "@mindlab" is no unknown reference here
    assert 'class="citation"' not in author.bio_html
    assert "@mindlab" in author.bio_html
