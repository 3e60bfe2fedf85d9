"""The two management commands, as an operator runs them."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Hub

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:  # any file skipped: the summary is printed, then the exit status is 1
        err.write(f"[exit {error.returncode}] {error}")
    return out.getvalue(), err.getvalue()


def test_import_content_prints_a_summary_with_warnings(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    out, err = run(
        "import_content",
        str(FIXTURES / "plaintext" / "hub-focus-under-pressure.txt"),
        str(FIXTURES / "plaintext" / "article-feedback-threat.txt"),
        str(tmp_path / "empty.txt"),
        "--status",
        "published",
    )
    assert "Import finished. 2 created, 0 updated, 1 skipped" in out
    assert "[exit 1] 1 file skipped" in err
    assert "empty.txt (the file is empty)" in out
    assert "article-feedback-threat.txt:40:" in out  # the reference that is not one, by line
    assert "Traceback" not in out + err
    assert Hub.objects.get().status == "published"


def test_dry_run_and_options(tmp_path):
    out, _ = run("import_content", str(FIXTURES / "plaintext" / "hub-decision-hygiene.txt"), "--dry-run")
    assert out.startswith("Dry run: nothing was saved. 1 created")
    assert not Hub.objects.exists()
    out, _ = run(
        "import_content",
        str(FIXTURES / "plaintext" / "hub-decision-hygiene.txt"),
        "--author",
        "Dr Ada Example",
        "--verbosity",
        "2",
    )
    assert "Notes (" in out and "read as the page's own call to action (button 'Book a Strategy Call')" in out
    hub = Hub.objects.get()
    assert hub.author.name == "Dr Ada Example"
    run(
        "import_content",
        str(FIXTURES / "plaintext" / "article-three-minute-reset.txt"),
        "--hub",
        "decision-hygiene",
    )
    assert Article.objects.get().hub == hub


def test_nothing_importable_says_so(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"\x00\x01\x02" * 100)
    out, err = run("import_content", str(tmp_path))
    assert "binary file" in out and "[exit 1] Nothing was imported." in err


def test_export_content_writes_the_folder(tmp_path):
    run("import_content", str(FIXTURES / "markdown"))
    out, _ = run("export_content", str(tmp_path / "export"))
    assert "Exported 1 pillars, 1 authors, 1 hubs, 2 articles, 2 references" in out
    assert (tmp_path / "export" / "hubs" / "sleep-and-recovery.md").exists()
