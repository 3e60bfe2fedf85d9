"""export_content -> import_content into an empty database reproduces the same content."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.citations import attach_further_reading, citations_for_page
from articles.exporting import export_content
from articles.importing import Options, import_paths
from articles.models import FAQ, Article, Author, AuthorLink, Hub, PageCitation, Pillar, Status, Takeaway
from references import api as references
from tests import factories

PLAIN = Path(__file__).parent / "fixtures" / "plaintext"
MARKDOWN = Path(__file__).parent / "fixtures" / "markdown"

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Everything an editor wrote, keyed by natural keys (no primary keys)."""

    def faqs(page) -> list:
        return [(f.question, f.answer, f.position) for f in page.faqs.order_by("position", "pk")]

    def cited(page) -> list:
        return sorted(
            (link.citation.key, link.kind)
            for link in PageCitation.objects.filter(**{page._meta.model_name: page}).select_related(
                "citation"
            )
        )

    return {
        "pillars": {
            p.slug: (p.number, p.name, p.summary, p.intro.strip(), p.intro_html) for p in Pillar.objects.all()
        },
        "authors": {
            a.slug: (
                a.name, a.credentials, a.job_title, a.institutions, a.short_bio, a.bio.strip(),
                [(link.label, link.url) for link in a.links.all()],
            )
            for a in Author.objects.all()
        },
        "hubs": {
            h.slug: (
                h.title, h.pillar.number, h.position, h.summary, h.intro.strip(), h.intro_html,
                h.author.slug if h.author else None, h.disclaimer, h.status, h.published_at,
                h.seo_title, h.seo_description, faqs(h), cited(h),
            )
            for h in Hub.objects.select_related("pillar", "author")
        },
        "articles": {
            a.slug: (
                a.title, a.subtitle, a.hub.slug if a.hub else None, a.position, a.summary, a.body.strip(),
                a.body_html, a.closing_summary.strip(), a.author.slug if a.author else None, a.disclaimer,
                a.status, a.published_at, a.seo_title, a.seo_description,
                [t.text for t in a.takeaways.all()], faqs(a), cited(a),
            )
            for a in Article.objects.select_related("hub", "author")
        },
        "citations": {
            c.key: {k: v for k, v in references.to_csl_json(c).items() if k != "accessed"}
            for c in references.Citation.objects.all()
        },
    }  # fmt: skip


def empty_database() -> None:
    FAQ.objects.all().delete()
    Takeaway.objects.all().delete()
    PageCitation.objects.all().delete()
    Article.objects.all().delete()
    Hub.objects.all().delete()
    Pillar.objects.all().delete()
    AuthorLink.objects.all().delete()
    Author.objects.all().delete()
    references.Citation.objects.all().delete()


def build_hand_made_content() -> None:
    author = factories.make_author(
        name="Dr Ines Duarte",
        slug="ines-duarte",
        credentials="PhD",
        job_title="Research lead",
        institutions="University of Porto",
        short_bio="Writes about sleep.",
        bio="Ines studies sleep.\n\nShe also *teaches*.",
    )
    AuthorLink.objects.create(author=author, label="Profile", url="https://example.org/ines", position=0)
    pillar = factories.make_pillar(
        number=3, name="Energy & Recovery", slug="energy", intro="Pillar **intro**."
    )
    hub = factories.make_hub(pillar, author=author, title="Rest: A Skill", slug="rest-skill", position=2)
    citation, _ = references.find_or_create_citation(
        {
            "id": "coan2006",
            "type": "article-journal",
            "author": [
                {"family": "Coan", "given": "James A."},
                {"family": "Schaefer", "given": "Hillary S."},
            ],
            "issued": {"date-parts": [[2006]]},
            "title": "Lending a hand: Social regulation of the neural response to threat",
            "container-title": "Psychological Science",
            "volume": "17",
            "issue": "12",
            "page": "1032-1039",
            "DOI": "10.1111/j.1467-9280.2006.01832.x",
        }
    )
    further, _ = references.find_or_create_citation(
        {"id": "who2022", "type": "report", "author": [{"literal": "World Health Organization"}],
         "issued": {"date-parts": [[2022]]}, "title": "Mental health at work", "publisher": "WHO"}
    )  # fmt: skip
    article = factories.make_article(
        hub,
        author=author,
        title='Naps, "Quoted": Yes',
        slug="naps",
        subtitle="Short ones",
        body="## Why\n\nHolding a hand helps [@coan2006].\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two",
        closing_summary="In *short*: nap.",
        disclaimer="Own disclaimer.",
        seo_title="Naps",
        seo_description="About naps.",
        position=4,
        published_at=timezone.now() - timedelta(days=3),
    )
    factories.add_takeaways(article, 2)
    factories.add_faqs(article, 2)
    factories.add_faqs(hub, 1)
    attach_further_reading(article, [further])
    assert citation in citations_for_page(article)
    factories.make_article(None, author=author, title="A Draft", slug="a-draft", published=False, body="")
    factories.make_article(
        hub, author=author, title="Scheduled", slug="scheduled", status=Status.PUBLISHED,
        published_at=timezone.now() + timedelta(days=5),
    )  # fmt: skip


@pytest.mark.parametrize("library_format", ["csl-json", "bibtex"])
@pytest.mark.parametrize("source", ["hand-made", "imported fixtures"])
def test_round_trip_reproduces_the_same_content(tmp_path, source, library_format):
    if source == "hand-made":
        build_hand_made_content()
    else:
        report = import_paths([PLAIN, MARKDOWN], Options(status="published"))
        assert not report.skipped
    before = snapshot()
    summary = export_content(tmp_path, library_format=library_format)
    assert (tmp_path / {"csl-json": "references.json", "bibtex": "references.bib"}[library_format]).exists()
    assert summary.counts["articles"] == len(before["articles"])
    empty_database()
    report = import_paths([tmp_path])
    assert not report.skipped, report.summary()
    assert not report.warnings, report.summary()
    after = snapshot()
    for section in before:
        assert after[section] == before[section], section


def test_export_files_are_readable_markdown_with_front_matter(tmp_path):
    build_hand_made_content()
    call_command("export_content", str(tmp_path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    text = (tmp_path / "articles" / "naps.md").read_text()
    assert text.startswith("---\ntype: article\ntitle: 'Naps, \"Quoted\": Yes'\n")
    assert "references:\n- coan2006\n- who2022\n" in text or "references:\n- who2022\n- coan2006\n" in text
    assert text.rstrip().endswith("- two")
    library = json.loads((tmp_path / "references.json").read_text())
    assert {item["id"] for item in library} == {"coan2006", "who2022"}
    call_command("export_content", str(tmp_path / "bib"), "--library-format", "bibtex", stdout=StringIO())
    bib = (tmp_path / "bib" / "references.bib").read_text()
    assert "@article{coan2006," in bib and "{World Health Organization}" in bib
    assert sorted(p.name for p in (tmp_path / "pillars").iterdir()) == ["energy.md"]
    assert (tmp_path / "authors" / "ines-duarte.md").read_text().endswith("She also *teaches*.\n")
