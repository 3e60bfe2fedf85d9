"""Markdown from static sites and the page parts issue 13 added: authors, review, CTA, hub names."""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.exporting import export_content
from articles.importing import Options, import_paths
from articles.models import Article, Author, Hub, Pillar, Status
from tests import factories

pytestmark = pytest.mark.django_db


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def page(front: str, body: str = "## Section\n\nSome text.") -> str:
    return f"---\n{front.strip()}\n---\n\n{body}\n"


def warnings_of(report) -> list[str]:
    return [str(warning) for warning in report.warnings]


def test_a_list_of_authors_signs_the_page_in_order(tmp_path, client):
    write(tmp_path, "two.md", page("title: Two Voices\nsummary: S.\nauthors:\n  - Ann Lee\n  - Bo Park, MD"))
    report = import_paths([tmp_path], Options(status="published"))
    assert not report.skipped, report.summary()
    article = Article.objects.get(slug="two-voices")
    assert [person.name for person in article.byline_authors] == ["Ann Lee", "Bo Park"]
    assert Author.objects.get(name="Bo Park").credentials == "MD"
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Ann Lee</a> and <a" in html


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("Ann Lee and Bo Park", ["Ann Lee", "Bo Park"]),
        ("Ann Lee, Bo Park & Cy Dee", ["Ann Lee", "Bo Park", "Cy Dee"]),
        ("Dr Ann Lee, PhD and Bo Park, MD", ["Dr Ann Lee", "Bo Park"]),
    ],
)
def test_several_authors_in_one_field_are_read_with_a_warning(tmp_path, field, names):
    write(tmp_path, "many.md", page(f'title: Many Hands\nsummary: S.\nauthor: "{field}"'))
    report = import_paths([tmp_path])
    article = Article.objects.get(slug="many-hands")
    assert [person.name for person in article.byline_authors] == names
    assert any(f"read as {len(names)} people" in warning for warning in warnings_of(report))


def test_one_author_with_credentials_is_one_person(tmp_path):
    write(tmp_path, "one.md", page('title: One Voice\nsummary: S.\nauthor: "Dr Jane Doe, PhD, CPsychol"'))
    report = import_paths([tmp_path])
    article = Article.objects.get(slug="one-voice")
    assert article.author.name == "Dr Jane Doe" and article.author.credentials == "PhD, CPsychol"
    assert article.byline_authors == [article.author]
    assert not any("people" in warning for warning in warnings_of(report))


def test_a_dated_file_name_gives_the_date_and_the_slug(tmp_path):
    write(tmp_path, "2024-03-05-sleep-debt-basics.md", page("title: Sleep Debt, Explained\nsummary: S."))
    write(
        tmp_path, "2023-11-20-dated.md", page("title: Own Slug\nslug: my-own\ndate: 2022-01-02\nsummary: S.")
    )
    import_paths([tmp_path])
    article = Article.objects.get(slug="sleep-debt-basics")
    assert article.published_at.date().isoformat() == "2024-03-05"
    own = Article.objects.get(slug="my-own")
    assert own.published_at.date().isoformat() == "2022-01-02"  # the front matter wins


def test_unknown_keys_are_listed_once_per_run(tmp_path):
    for number in range(3):
        write(
            tmp_path,
            f"p{number}.md",
            page(f"title: Page {number}\nsummary: S.\nweight: {number}\ncolour: red"),
        )
    report = import_paths([tmp_path])
    weight = [w for w in warnings_of(report) if "'weight'" in w]
    assert len(weight) == 1 and "(and in 2 more files)" in weight[0]
    assert len([w for w in warnings_of(report) if "'colour'" in w]) == 1
    assert report.summary().count("unknown front matter key 'weight'") == 1


def test_a_page_naming_no_author_gets_the_only_author_and_is_published(tmp_path):
    only = factories.make_author(name="Dr Mara Lane", slug="mara-lane")
    write(tmp_path, "anon.md", page("title: Nobody Signed\nsummary: S."))
    report = import_paths([tmp_path], Options(status="published"))
    article = Article.objects.get(slug="nobody-signed")
    assert article.author == only and article.status == Status.PUBLISHED
    assert any("signed by Dr Mara Lane, the site's default author" in w for w in warnings_of(report))


def test_the_default_author_setting_chooses_among_several(tmp_path):
    factories.make_author(name="Someone Else", slug="someone-else")
    chosen = factories.make_author(name="Chosen One", slug="chosen-one")
    chosen.make_default()
    write(tmp_path, "anon.md", page("title: Nobody Signed\nsummary: S."))
    import_paths([tmp_path], Options(status="published"))
    assert Article.objects.get(slug="nobody-signed").author == chosen


def test_with_several_authors_and_no_setting_the_page_waits_as_a_draft(tmp_path):
    factories.make_author(name="First", slug="first")
    factories.make_author(name="Second", slug="second")
    write(tmp_path, "anon.md", page("title: Nobody Signed\nsummary: S."))
    report = import_paths([tmp_path], Options(status="published"))
    article = Article.objects.get(slug="nobody-signed")
    assert article.author is None and article.status == Status.DRAFT
    assert any("Choose an author" in w for w in warnings_of(report))


@pytest.mark.parametrize(
    "written", ["Pillar 2 — Focus and Attention", "Focus and Attention", "focus & attention"]
)
def test_and_and_ampersand_name_the_same_pillar(tmp_path, written):
    pillar = factories.make_pillar(number=2, name="Focus & Attention", slug="focus")
    write(
        tmp_path,
        "hub.md",
        page(
            f"type: hub\ntitle: Why Focus Fails\nname: Attention Under Pressure\npillar: {written}\nsummary: S."
        ),
    )
    report = import_paths([tmp_path])
    assert not report.skipped, report.summary()
    assert Hub.objects.get(slug="attention-under-pressure").pillar == pillar
    assert Pillar.objects.count() == 1
    assert not any("pillar" in w for w in warnings_of(report)), report.summary()


def test_hub_name_closing_text_and_own_call_to_action_are_kept(tmp_path, client):
    factories.make_pillar(number=3, name="Energy", slug="energy")
    write(
        tmp_path,
        "hub.md",
        page(
            """
type: hub
title: Why Rest Is a Skill
name: Rest and Recovery
pillar: 3
author: Dr Mara Lane, PhD
summary: Rest, learned.
disclaimer: This hub's own words of caution.
closing_text: Begin with the *first* one.
faqs:
  - question: Is rest lazy?
    answer: No.
cta:
  heading: Talk to Dr. Lane about your sleep
  text: "First paragraph.\\n\\nSecond paragraph."
  button: Book a call
"""
        ),
    )
    report = import_paths([tmp_path], Options(status="published"))
    assert not report.skipped, report.summary()
    hub = Hub.objects.get(slug="rest-and-recovery")
    assert (hub.name, hub.title) == ("Rest and Recovery", "Why Rest Is a Skill")
    assert hub.cta_heading == "Talk to Dr. Lane about your sleep" and hub.cta_button == "Book a call"
    assert hub.disclaimer == "This hub's own words of caution."
    html = client.get(hub.get_absolute_url()).content.decode()
    assert html.count("Second paragraph.") == 1 and html.count("own words of caution.") == 1
    assert "Begin with the <em>first</em> one." in html
    assert "Executive FAQs: Rest and Recovery" in html
    assert '<h1 id="page-title">Why Rest Is a Skill</h1>' in html


def test_the_medical_review_is_imported(tmp_path):
    write(
        tmp_path,
        "reviewed.md",
        page(
            "title: Reviewed Page\nsummary: S.\nauthor: Ann Lee\nreviewer: Dr Sam Okoye, MD\nreviewed: 2025-01-02"
        ),
    )
    report = import_paths([tmp_path])
    article = Article.objects.get(slug="reviewed-page")
    assert article.reviewed_by.name == "Dr Sam Okoye" and article.reviewed_by.credentials == "MD"
    assert article.reviewed_at.isoformat() == "2025-01-02"
    assert article.review_is_visible
    assert not report.warnings, report.summary()


def test_a_review_without_its_date_is_left_out_with_a_warning(tmp_path):
    write(tmp_path, "half.md", page("title: Half Review\nsummary: S.\nreviewer: Dr Sam Okoye, MD"))
    report = import_paths([tmp_path])
    assert Article.objects.get(slug="half-review").reviewed_by is None
    assert any("needs both the reviewer and the date" in w for w in warnings_of(report))


def test_a_footnote_survives_import_page_export_import(tmp_path, client):
    body = "## Notes\n\nSleep clears the brain.[^1]\n\n[^1]: In mice, at least."
    write(tmp_path / "in", "notes.md", page("title: Footnoted\nsummary: S.\nauthor: Ann Lee", body))
    import_paths([tmp_path / "in"], Options(status="published"))
    article = Article.objects.get(slug="footnoted")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "In mice, at least." in html and '<section class="footnotes"' in html
    stored = (article.body, article.body_html)
    export_content(tmp_path / "out")
    Article.objects.all().delete()
    report = import_paths([tmp_path / "out"])
    assert not report.skipped, report.summary()
    again = Article.objects.get(slug="footnoted")
    assert (again.body, again.body_html) == stored


def test_jekyll_and_hugo_dates_are_read(tmp_path):
    write(
        tmp_path,
        "2024-03-05-jekyll.md",
        page("title: Jekyll Post\nsummary: S.\ndate: 2024-03-05 10:00:00 +0100\nlastmod: 2024-04-01"),
    )
    report = import_paths([tmp_path])
    assert not report.warnings, report.summary()
    article = Article.objects.get(slug="jekyll")
    assert article.published_at.isoformat() == "2024-03-05T09:00:00+00:00"
    assert article.updated_at.date().isoformat() == "2024-04-01"


def test_a_named_hub_lives_at_its_names_address_and_is_found_again(tmp_path):
    factories.make_pillar(number=2, name="Focus", slug="focus")
    text = page(
        "type: hub\ntitle: Why Focus Fails When It Matters\nname: Attention Under Pressure\npillar: 2\nsummary: S."
    )
    write(tmp_path, "hub.md", text)
    import_paths([tmp_path])
    assert Hub.objects.get().slug == "attention-under-pressure"
    import_paths([tmp_path])
    assert Hub.objects.count() == 1
    older = Hub.objects.get()
    older.slug = "why-focus-fails-when-it-matters"  # imported by its headline before hubs had names
    older.save()
    import_paths([tmp_path])
    assert Hub.objects.count() == 1 and Hub.objects.get().slug == "why-focus-fails-when-it-matters"
