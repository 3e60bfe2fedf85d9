"""Importing fixtures into the real database: models, counts, references, re-import, dry run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from articles.citations import citations_for_page
from articles.importing import Options, import_paths
from articles.models import FAQ, Article, Author, Hub, Pillar, Status, Takeaway
from references import api as references
from tests import factories

FIXTURES = Path(__file__).parent / "fixtures"
PLAIN = FIXTURES / "plaintext"
MARKDOWN = FIXTURES / "markdown"

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "pillars": Pillar.objects.count(),
        "hubs": Hub.objects.count(),
        "articles": Article.objects.count(),
        "authors": Author.objects.count(),
        "faqs": FAQ.objects.count(),
        "takeaways": Takeaway.objects.count(),
        "citations": references.Citation.objects.count(),
    }


def test_plain_text_folder_imports_into_the_right_models():
    report = import_paths([PLAIN], Options(status="published"))
    assert not report.skipped, report.summary()
    assert len(report.of("created")) == 11
    assert counts() == {
        "pillars": 3,  # 4 and 2 (created from the hub lines) and 1 (named by two hubs)
        "hubs": 4,
        "articles": 7,
        "authors": 3,  # the same authors across pages, matched by name
        "faqs": 3 + 2 + 2 + 2 + 2 + 3 + 2,
        "takeaways": 4 + 3 + 3 + 4,
        "citations": 3 + 2 + 2 + 2 + 2 + 2 + 2 + 1 + 3,  # Eisenberger (2012) is cited twice, stored once
    }
    hub = Hub.objects.get(slug="social-resilience-and-connection")
    assert hub.pillar.number == 4 and hub.pillar.name == "Stress, Resilience & Regulation"
    assert hub.status == Status.PUBLISHED
    assert hub.author.name == "Dr Mara Lindqvist" and hub.author.credentials == "PhD"
    assert hub.faqs.count() == 3
    assert [c.doi for c in citations_for_page(hub)] == [
        "10.1016/j.copsyc.2014.12.021",
        "10.1097/PSY.0b013e3182464dd1",  # as the source writes it (DOIs keep their case)
        "10.1371/journal.pmed.1000316",
    ]
    # In-text mentions now cite the page's references.
    assert "[@coan2015]" in hub.intro and "@holtlunstad2010 found" in hub.intro
    assert 'class="citation"' in hub.intro_html
    assert hub.disclaimer.startswith("This content is for educational purposes only")
    focus = Hub.objects.get(slug="focus-under-pressure")
    hygiene = Hub.objects.get(slug="decision-hygiene")
    assert focus.pillar == hygiene.pillar and focus.pillar.number == 1

    article = Article.objects.get(slug="sleep-debt-and-executive-decisions")
    assert article.takeaways.first().text.startswith("One short night")
    assert "[@yoo2007]" in article.body and "@killgore2010 reviewed" in article.body
    assert article.closing_summary.startswith("A short night costs judgement")
    assert article.published_at.date().isoformat() == "2025-04-02"

    feedback = Article.objects.get(slug="feedback-that-lands")
    eisenberger = references.Citation.objects.get(doi__iexact="10.1097/psy.0b013e3182464dd1")
    assert eisenberger in citations_for_page(feedback)


def test_warnings_name_file_and_line():
    report = import_paths([PLAIN / "article-feedback-threat.txt"])
    messages = [str(warning) for warning in report.warnings]
    assert any("article-feedback-threat.txt:40:" in m and "reference" in m for m in messages), messages


def test_unknown_pillar_is_reported_and_the_rest_continue(tmp_path):
    (tmp_path / "hub.txt").write_text(
        "A Hub Without Pillar\nIts summary line\nSome intro text that runs long enough to be a paragraph, "
        "with several clauses.\nThe 0 Articles in This Hub\nThe articles of this hub are being written.\n"
    )
    shutil.copy(PLAIN / "article-three-minute-reset.txt", tmp_path / "article.txt")
    report = import_paths([tmp_path])
    skipped = report.skipped
    assert len(skipped) == 1 and "unknown pillar" in skipped[0].message
    assert Article.objects.filter(slug="the-three-minute-reset").exists()
    assert not Hub.objects.exists()
    hub_report = import_paths([tmp_path / "hub.txt"], Options(pillar="7"))
    assert any("unknown pillar 7" in str(w) for w in hub_report.warnings)
    factories.make_pillar(number=7, slug="seven")
    assert import_paths([tmp_path / "hub.txt"], Options(pillar="7")).of("created")
    assert Hub.objects.get().pillar.number == 7


def test_reimport_updates_and_never_duplicates():
    first = import_paths([PLAIN, MARKDOWN])
    assert not first.skipped, first.summary()
    before = counts()
    article = Article.objects.get(slug="sleep-debt-and-executive-decisions")
    article.body = "Changed by an editor."
    article.save()
    again = import_paths([PLAIN, MARKDOWN])
    assert not again.skipped and not again.of("created"), again.summary()
    assert counts() == before
    article.refresh_from_db()
    assert article.body.startswith("## Why Judgement Goes First")


def test_dry_run_saves_nothing_but_reports_everything():
    report = import_paths([PLAIN, MARKDOWN], dry_run=True)
    assert len(report.of("created")) == 15
    assert "Dry run" in report.summary()
    assert counts() == dict.fromkeys(counts(), 0)


def test_markdown_front_matter_maps_every_field():
    report = import_paths([MARKDOWN])
    assert not report.skipped, report.summary()
    hub = Hub.objects.get(slug="sleep-and-recovery")
    assert hub.pillar.number == 2 and hub.pillar.name == "Energy, Sleep & Recovery"
    assert hub.status == Status.PUBLISHED and hub.published_at.date().isoformat() == "2025-01-15"
    assert hub.seo_title == "Sleep and recovery for leaders"
    assert [faq.question for faq in hub.faqs.all()] == [
        "How much sleep do I actually need?",
        "Are naps useful?",
    ]
    assert "<p>Longer naps" in hub.faqs.get(position=1).answer_html
    article = Article.objects.get(slug="breathing-for-focus")
    assert article.title == "Breathing for Focus: The Long Exhale"
    assert article.hub == hub and article.position == 2
    assert article.author.name == "Dr Tomas Okafor"
    assert article.subtitle.startswith("One change to how you breathe")
    assert article.published_at.isoformat() == "2025-02-03T08:30:00+00:00"
    assert article.updated_at.isoformat() == "2025-02-10T12:00:00+00:00"
    assert article.disclaimer.startswith("Educational content only")
    assert article.takeaways.count() == 3 and article.faqs.count() == 1
    keys = [c.key for c in citations_for_page(article)]
    assert sorted(keys) == ["walker2017", "zaccaro2018"]
    zaccaro = references.Citation.objects.get(key="zaccaro2018")
    assert zaccaro.doi == "10.3389/fnhum.2018.00353"
    note = Article.objects.get(slug="a-note-on-morning-light")
    assert note.body.startswith("Light in the first hour")
    assert note.status == Status.DRAFT


def test_bio_updates_an_existing_author_matched_by_name():
    author = factories.make_author(name="Mara Lindqvist", slug="mara-lindqvist", bio="Old bio.")
    import_paths([PLAIN / "hub-social-resilience.txt"], Options(pillar="4"))
    author.refresh_from_db()
    assert Author.objects.count() == 1
    assert "affective neuroscience research" in author.bio
    assert Hub.objects.get().author == author


def test_status_options_and_publishing_problems():
    import_paths([PLAIN / "article-three-minute-reset.txt"], Options(status="published"))
    article = Article.objects.get()
    # No author on the page: it cannot go out, so it is kept as a draft (with a warning).
    assert article.status == Status.DRAFT
    author = factories.make_author(name="Ines Duarte", slug="ines-duarte")
    report = import_paths(
        [PLAIN / "article-three-minute-reset.txt"], Options(status="published", author="ines-duarte")
    )
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.author == author
    assert report.of("updated")


def test_hub_claims_listed_articles_already_imported(tmp_path):
    (tmp_path / "a.txt").write_text(
        "The Locus Coeruleus at Work\nA subtitle for the article\n"
        "Body text that is long enough to be a paragraph of running text in the article body.\n"
    )
    import_paths([tmp_path / "a.txt"])
    import_paths([PLAIN / "hub-focus-under-pressure.txt"])
    article = Article.objects.get(slug="the-locus-coeruleus-at-work")
    assert article.hub.slug == "focus-under-pressure" and article.position == 1


def test_imported_pages_render(client, django_user_model):
    import_paths([PLAIN, MARKDOWN], Options(status="published", author="Dr Mara Lindqvist"))
    staff = django_user_model.objects.create_superuser("ed", "ed@example.org", "a-long-test-password")
    client.force_login(staff)
    for page in [*Hub.objects.all(), *Article.objects.all()]:
        response = client.get(page.get_absolute_url())
        assert response.status_code == 200, page.slug
        html = response.content.decode()
        assert page.title.replace("&", "&amp;").replace("'", "&#x27;") in html
    response = client.get(Hub.objects.get(slug="social-resilience-and-connection").get_absolute_url())
    html = response.content.decode()
    assert "Executive FAQs" in html and "https://doi.org/10.1016/j.copsyc.2014.12.021" in html
    assert html.count("From Reading to Rewiring") == 1  # the page's own call to action, once


def test_breadcrumb_places_a_new_article_in_its_hub(tmp_path):
    import_paths([PLAIN / "hub-focus-under-pressure.txt"])
    (tmp_path / "a.txt").write_text(
        "Home > Pillar 1 — Focus, Attention & Decision-Making > Focus Under Pressure > Tunnel Vision\n"
        "Tunnel Vision\nWhat narrowing feels like from the inside\n"
        "Body text that is long enough to be a paragraph of running text in the article body.\n"
    )
    import_paths([tmp_path / "a.txt"])
    assert Article.objects.get(slug="tunnel-vision").hub.slug == "focus-under-pressure"


def test_unknown_author_slug_is_a_warning_not_a_failure(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Orphan\nauthor: nobody-known\n---\nBody text.\n")
    report = import_paths([tmp_path])
    assert report.of("created") and Article.objects.get().author is None
    assert any("unknown author 'nobody-known'" in str(w) for w in report.warnings)


def test_several_works_in_one_parenthesis_and_numbered_references(tmp_path):
    shutil.copy(PLAIN / "article-recovery-quick-facts.txt", tmp_path / "a.txt")
    import_paths([tmp_path])
    article = Article.objects.get()
    assert article.author.name == "Dr Mara Lindqvist"
    assert article.body.startswith("## Why Recovery Is Active")
    assert "[@sonnentag2007; @meijman1998]" in article.body
    assert "@sonnentag2007 measured" in article.body and "[@kim2017]" in article.body
    assert "Quick Facts" not in article.body and "Reading time" not in article.body
    assert len(citations_for_page(article)) == 3
