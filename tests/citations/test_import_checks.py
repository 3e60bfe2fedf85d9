"""Citation checks in the import summary: ``import_content`` reports each mention that matches
no reference, gives no year or could mean several, and each reference never cited, with
its file and line; the page is still imported (and published: warnings never block)."""

from pathlib import Path

import pytest
from django.core.management import call_command

from articles.importing import Options, import_paths
from articles.models import Article, Status

pytestmark = pytest.mark.django_db

ARTICLE = """\
Evening Light and the Tired Brain
How screens and lamps shift the clock that decides when you sleep
By Dr Ines Duarte
Why Light Sets the Clock
Bright light in the evening delays the body's night signal (Okafor, 2020). The effect is larger in teenagers, as Lee and Park (2021) showed.
Dim, warm light helps (Hartmann). Some teams in 2021 tried blue-blocking glasses (n = 40), and Ruiz et al. (2019) found them modest.
What Helps
Okafor (2020) recommends an hour without screens. Table 2 (2019 data) is not a citation.
References
1. Okafor, C. N. (2020). Evening light exposure and melatonin onset in adults. Journal of Sleep Timing, 12(3), 45–52. https://doi.org/10.5555/jst.2020.12
2. Brandt, K., & Osei, A. (2015). Lamps, screens and circadian phase. Chronobiology Notes, 4(1), 1–9. https://doi.org/10.5555/cn.2015.4
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def citation_warnings(report) -> list[str]:
    return [str(warning) for warning in report.warnings if "citation check" in warning.message]


def test_plain_text_import_lists_citation_warnings_with_lines(tmp_path):
    path = write(tmp_path, "article-evening-light.txt", ARTICLE)
    report = import_paths([path], Options(status="published"))
    assert not report.skipped, report.summary()
    warnings = citation_warnings(report)
    expected = [
        (5, "“Lee and Park (2021)” matches no entry of the reference list"),
        (6, "“(Hartmann)” gives no year and matches no entry"),
        (6, "“Ruiz et al. (2019)” matches no entry"),
        (11, "the reference (Brandt & Osei, 2015) is never cited in the text"),
    ]
    for line, message in expected:
        assert any(w.startswith(f"{path}:{line}: citation check: ") and message in w for w in warnings), (
            line,
            message,
            warnings,
        )
    assert len(warnings) == len(expected), (
        warnings
    )  # nothing for "(n = 40)", "in 2021", "Table 2 (2019 data)"
    article = Article.objects.get(slug="evening-light-and-the-tired-brain")
    assert article.status == Status.PUBLISHED
    # Matched mentions are linked; the others are left as written.
    assert "[@okafor2020]" in article.body and "@okafor2020 recommends" in article.body
    assert "Lee and Park (2021) showed" in article.body and "(Hartmann)" in article.body


def test_the_command_prints_the_warnings(tmp_path, capsys):
    write(tmp_path, "article-evening-light.txt", ARTICLE)
    call_command("import_content", str(tmp_path), "--status", "published")
    out = capsys.readouterr().out
    assert "citation check: “Lee and Park (2021)” matches no entry of the reference list" in out
    assert "article-evening-light.txt:11: citation check: the reference (Brandt & Osei, 2015)" in out


def test_a_repeated_unlisted_mention_is_reported_once_with_a_count(tmp_path):
    text = ARTICLE.replace("Okafor (2020) recommends", "Lee and Park (2021) recommend")
    path = write(tmp_path, "article.txt", text)
    warnings = citation_warnings(import_paths([path]))
    repeated = [w for w in warnings if "Lee and Park (2021)" in w]
    assert len(repeated) == 1 and f"{path}:5:" in repeated[0] and "(also line 8)" in repeated[0], warnings


def test_markdown_pages_are_checked_too(tmp_path):
    library = tmp_path / "references.json"
    library.write_text(
        '[{"id": "okafor2020", "type": "article-journal", "title": "Evening light exposure", '
        '"author": [{"family": "Okafor", "given": "C. N."}], "issued": {"date-parts": [[2020]]}}]',
        encoding="utf-8",
    )
    write(
        tmp_path,
        "light.md",
        "---\ntitle: Evening Light\nreferences:\n  - okafor2020\n---\n"
        "Light delays sleep [@okafor2020].\n\nA newer claim (Mensah, 2023) is not listed.\n",
    )
    report = import_paths([tmp_path])
    assert not report.skipped, report.summary()
    warnings = citation_warnings(report)
    assert len(warnings) == 1 and "light.md:8:" in warnings[0] and "“(Mensah, 2023)”" in warnings[0], warnings


def test_a_clean_page_has_no_citation_warnings(tmp_path):
    text = ARTICLE.replace("as Lee and Park (2021) showed", "as others showed")
    text = text.replace("(Hartmann)", "").replace(", and Ruiz et al. (2019) found them modest", "")
    text = text.replace("Okafor (2020) recommends", "Brandt and Osei (2015) recommend")
    report = import_paths([write(tmp_path, "article.txt", text)])
    assert citation_warnings(report) == [], report.summary()


FIXTURE = Path(__file__).parent / "fixtures" / "article-attention-under-load.txt"


def test_a_real_shaped_page_with_a_table_and_faqs_gets_exactly_its_warnings(staff_client):
    report = import_paths([FIXTURE], Options(status="published"))
    assert not report.skipped, report.summary()
    assert citation_warnings(report) == [
        f"{FIXTURE}:15: citation check: “Killgore (2010)” matches no entry of the reference list",
        f"{FIXTURE}:17: citation check: “(Mrazek et al., 2013)” matches no entry of the reference list"
        " (also line 18)",
        f"{FIXTURE}:18: citation check: “(Huberman)” gives no year and matches no entry of the reference list",
        f"{FIXTURE}:26: citation check: the reference (Lim & Dinges, 2010) is never cited in the text",
    ]
    article = Article.objects.get()
    assert article.status == Status.PUBLISHED
    assert "| Acute stress | Working memory | [@arnsten2009] |" in article.body
    assert "@arnsten2009 described" in article.body
    assert "[@walker2017]" in article.faqs.get(question="Does caffeine fix it?").answer
    # The admin shows the same warnings on the stored page.
    page = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "“Killgore (2010)” matches no entry" in page
    assert "“(Mrazek et al., 2013)” matches no entry" in page
    assert "“(Huberman)” gives no year" in page
    assert "(Lim &amp; Dinges, 2010): listed, but no text of the page cites it" in page
    assert "In-text citations to check (3)" in page and "References never cited in the text (1)" in page
