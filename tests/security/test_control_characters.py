"""Invisible control characters are refused where text comes in and can never break a feed.

XML 1.0 cannot carry a vertical tab or ``\\x01``; feed readers take an RSS description as
HTML. So text fields refuse such characters with a message saying where they are, feeds
drop them from anything already stored, and plain-text summaries reach readers as text.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from articles.importing import Options, import_paths
from articles.models import Article, Hub, Pillar
from mindlab import pagecache
from mindlab.plain_text import control_character_problem, xml_safe
from references.models import Citation
from tests import factories
from tests.caching.admin_forms import form_data
from tests.discovery.helpers import parse_xml

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["/feed/", "/feed/atom/", "/pillars/stress/feed/", "/pillars/stress/feed/atom/"]
XSS = "<img src=x onerror=alert(1)>"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)


def tags_a_reader_would_render(markup: str) -> list[str]:
    parser = _Tags()
    parser.feed(markup)
    return parser.tags


def feed_texts(content: bytes) -> list[str]:
    root = parse_xml(content)
    return [element.text or "" for element in root.iter()]


@pytest.mark.parametrize("character", ["\x0b", "\x01", "\x00", "\x1b", "\x7f", "\x92"])
def test_a_control_character_is_named_and_located(character):
    problem = control_character_problem(f"First line\nSecond{character} line")
    assert problem is not None
    assert f"U+{ord(character):04X}" in problem
    assert "line 2, character 7" in problem


def test_ordinary_text_passes():
    for text in ["Tabs\tand\nnew lines\r\n", "Café, naïve, “quotes”, — dashes, 日本語, emoji 🧠", ""]:
        assert control_character_problem(text) is None


def test_xml_safe_keeps_everything_xml_can_hold():
    assert xml_safe("a\x0bb\x01c\td\ne€") == "abc\td\ne€"


def test_models_refuse_control_characters_on_every_text_field(hub, author):
    article = Article(hub=hub, author=author, title="Fine", slug="fine", summary="Pasted\x0bfrom Word")
    with pytest.raises(ValidationError) as caught:
        article.full_clean()
    assert "U+000B (vertical tab)" in str(caught.value.message_dict["summary"])
    with pytest.raises(ValidationError) as caught:
        Citation(title="A \x01 title", key="k2020").clean_fields()
    assert "title" in caught.value.message_dict


def test_the_admin_refuses_a_summary_with_a_vertical_tab_and_keeps_the_rest(staff_client, article):
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(staff_client.get(url).content.decode())
    data["summary"] = ["A summary pasted\x0b from Word"]
    data["title"] = ["A new title"]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "invisible control character, U+000B (vertical tab)" in page
    assert 'value="A new title"' in page
    article.refresh_from_db()
    assert article.title == "Trusted People"


def test_the_importer_refuses_the_page_and_says_why(tmp_path):
    factories.make_pillar(number=4, slug="stress")
    (tmp_path / "article.md").write_text(
        '---\ntitle: Pasted text\ntype: article\nsummary: "A summary\\vfrom Word"\n---\n'
        "Body text that is long enough to be a paragraph of an article, with several clauses.\n"
    )
    report = import_paths([tmp_path], Options(status="draft"))
    messages = " ".join(str(problem) for problem in [*report.skipped, *report.warnings])
    assert "U+000B (vertical tab)" in messages
    assert not Article.objects.filter(title="Pasted text").exists()


def test_the_importer_names_the_line_of_a_raw_control_character(tmp_path):
    (tmp_path / "article.txt").write_text("A Title\nA summary\nBody text with a pasted\x0b break.\n")
    report = import_paths([tmp_path])
    assert "U+000B (vertical tab), at line 3, character 24" in str(report.skipped[0])


@pytest.fixture
def poisoned(pillar, hub, author):
    """Pages whose stored text got control characters by a path that skipped validation."""
    factories.make_article(hub, author=author, title="Clean", slug="clean", summary=f"R&D < 5 {XSS}")
    factories.make_article(hub, author=author, title="Dirty", slug="dirty")
    Article.objects.filter(slug="dirty").update(title="Dirty\x01 title", summary="Tab\x0bbed\x08 summary")
    Pillar.objects.filter(pk=pillar.pk).update(summary="Pillar\x0c summary")
    Hub.objects.filter(pk=hub.pk).update(title="Hub\x1b title")
    factories.make_author(name="Ann\x02 Other", slug="ann-other")
    pagecache.invalidate()


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_answer_and_parse_even_with_control_characters_stored(client, poisoned, path):
    response = client.get(path)
    assert response.status_code == 200
    texts = " ".join(feed_texts(response.content))
    assert "Dirty title" in texts
    assert "\x01" not in texts and "\x0b" not in texts


@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/"])
def test_a_summary_reaches_feed_readers_as_text(client, poisoned, path):
    root = parse_xml(client.get(path).content)
    if path == "/feed/":
        descriptions = [item.findtext("description") for item in root.iter("item")]
    else:
        descriptions = [entry.findtext(f"{ATOM}summary") for entry in root.iter(f"{ATOM}entry")]
    markup = next(text for text in descriptions if "onerror" in text)
    # A reader renders the description as HTML: it must hold no element, only the text.
    assert tags_a_reader_would_render(markup) == []
    assert html.unescape(markup) == f"R&D < 5 {XSS}"


def test_feed_links_are_built_on_site_url_not_the_host_header(client, article, settings):
    settings.SITE_URL = "https://www.mindlab.example"
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    for path in ["/feed/", "/feed/atom/"]:
        content = client.get(path, HTTP_HOST="localhost").content.decode()
        assert "localhost" not in content
        assert "https://www.mindlab.example/articles/trusted-people/" in content
