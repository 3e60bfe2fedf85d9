"""Long-form Markdown: footnotes with back-links, callouts and pull quotes, heading ids on h2–h6."""

from __future__ import annotations

import re

import pytest

from articles.markdown import render_markdown
from articles.markdown_extensions import heading_slug
from articles.models import FAQ
from tests import factories

NOTES = """Sleep consolidates memory[^1], and light sets the clock.[^clock] Again[^1].

[^1]: Walker (2017), chapter 3.
[^clock]: Morning light is the strongest cue.
"""


def test_footnotes_are_a_numbered_list_with_links_both_ways():
    html = render_markdown(NOTES).html
    refs = re.findall(
        r'<sup class="footnote-ref"><a href="#(fn-\d+)" id="(fnref-[\d-]+)" aria-label="Note (\d)"', html
    )
    assert [(target, number) for target, _, number in refs] == [("fn-1", "1"), ("fn-2", "2"), ("fn-1", "1")]
    assert '<section class="footnotes" aria-labelledby="notes-title">' in html
    assert '<h2 id="notes-title" class="footnotes-title">Notes</h2>' in html
    items = re.findall(r'<li id="(fn-\d+)" class="footnote-item">', html)
    assert items == ["fn-1", "fn-2"]
    backrefs = re.findall(
        r'<a href="#(fnref-[\d-]+)" class="footnote-backref" aria-label="Back to note (\d)"', html
    )
    ref_ids = {ref_id for _, ref_id, _ in refs}
    assert {target for target, _ in backrefs} == ref_ids  # every back-link lands on a reference
    assert html.index("Walker (2017)") > html.index("Again")


def test_a_footnote_the_text_never_cites_is_not_shown_as_a_link_to_nowhere():
    html = render_markdown("Text without notes.\n\n[^1]: Orphan note.\n").html
    assert 'href="#fn-1"' not in html


@pytest.mark.django_db
def test_texts_sharing_a_page_keep_their_footnote_ids_apart(hub, author):
    article = factories.make_article(
        hub, author=author, body=NOTES, closing_summary="Summary[^1].\n\n[^1]: Closing note."
    )
    FAQ.objects.create(article=article, question="Why sleep?", answer="Because[^1].\n\n[^1]: A note.")
    FAQ.objects.create(
        article=article, question="How long?", answer="Eight hours[^1].\n\n[^1]: Another note."
    )
    ids = re.findall(r'id="([^"]+)"', article.body_html + article.closing_summary_html)
    ids += [id_ for faq in article.faqs.all() for id_ in re.findall(r'id="([^"]+)"', faq.answer_html)]
    footnote_ids = [id_ for id_ in ids if id_.startswith(("fn", "notes"))]
    assert len(footnote_ids) == len(set(footnote_ids)), footnote_ids


def test_callouts_and_pull_quotes():
    html = render_markdown(
        "::: callout From insight to change\nOne line of **advice**.\n:::\n\n::: pullquote\nThe brain keeps score.\n:::\n"
    ).html
    assert '<div class="callout" role="note">' in html
    assert '<p class="callout-title"><strong>From insight to change</strong></p>' in html
    assert "<strong>advice</strong>" in html
    assert '<blockquote class="pull-quote">\n<p>The brain keeps score.</p>\n</blockquote>' in html


def test_a_callout_title_cannot_inject_markup():
    html = render_markdown('::: callout <img src=x onerror="alert(1)">\nText\n:::\n').html
    assert "<img" not in html and "onerror" not in html.replace("&lt;img src=x onerror=", "")


def test_raw_html_cannot_borrow_the_extensions_ids_roles_or_labels():
    html = render_markdown(
        '<a id="login" href="#x">x</a> <div role="alert">y</div> <section aria-labelledby="q">z</section>'
    ).html
    assert 'id="login"' not in html
    assert 'role="alert"' not in html
    assert "aria-labelledby" not in html


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Step 2.5: Sleep & Recovery", "step-2.5-sleep-recovery"),
        ("Deep. Dive 3.1.", "deep-dive-3.1"),
        ("What the 1990s got wrong", "what-the-1990s-got-wrong"),
        ("Café — naïve?", "café-naïve"),
        ("!!!", "section"),
    ],
)
def test_heading_slugs_keep_digits_and_dots(text, slug):
    assert heading_slug(text) == slug


def test_every_heading_level_gets_an_id_and_the_contents_list_keeps_h2_h3():
    rendered = render_markdown("## Two\n\n### Three\n\n#### Four 4.1\n\n##### Five\n\n###### Six\n")
    for level, slug in [(2, "two"), (3, "three"), (4, "four-4.1"), (5, "five"), (6, "six")]:
        assert f'<h{level} id="{slug}">' in rendered.html
    assert [entry.id for entry in rendered.toc] == ["two", "three"]


def test_repeated_headings_get_distinct_ids():
    html = render_markdown("## Method\n\n## Method\n").html
    assert 'id="method"' in html and 'id="method-1"' in html
