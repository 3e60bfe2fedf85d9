"""Bad files get one clear message each, never a traceback, and never stop the others."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from articles.importing import import_paths
from articles.models import Article, Author, Hub, Pillar

PLAIN = Path(__file__).parent / "fixtures" / "plaintext"

pytestmark = pytest.mark.django_db


def skipped_messages(report) -> dict[str, str]:
    return {Path(outcome.path).name: outcome.message for outcome in report.skipped}


@pytest.fixture
def folder(tmp_path):
    shutil.copy(PLAIN / "article-three-minute-reset.txt", tmp_path / "good.txt")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.md", b"  \n\n \t\n", "only white space"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        (
            "latin1.txt",
            "Caf\u00e9 culture\nA subtitle\n".encode("latin-1"),
            "not UTF-8 text (byte 0xe9 on line 1)",
        ),
        ("nul.txt", b"Title\nSub\nText with a NUL \x00 in the middle" + b" words" * 2000, "binary"),
        ("unclosed.md", b"---\ntitle: Never closed\n\nBody", "front matter is never closed"),
        ("broken.md", b"---\ntitle: [unclosed\nslug: x\n---\nBody", "front matter is not valid YAML (line"),
        ("list.md", b"---\n- just\n- a list\n---\nBody", "must be a list of 'key: value' lines"),
        ("kind.md", b"---\ntitle: T\ntype: recipe\n---\nBody", "type 'recipe' is not one of"),
        ("notitle.md", b"---\nslug: no-title\n---\nJust a body.\n", "the page has no title"),
        ("badslug.md", b"---\ntitle: Fine title\nslug: Not a slug!\n---\nBody", "slug"),
        ("badjson.json", b"{not json", "not valid JSON"),
        ("takeaways.md", b"---\ntitle: T\ntakeaways: {a: 1}\n---\nBody", "'takeaways' must be a list"),
    ],
)
def test_each_bad_file_is_skipped_with_a_clear_message(folder, name, content, expected):
    (folder / name).write_bytes(content)
    report = import_paths([folder])
    messages = skipped_messages(report)
    assert set(messages) == {name}, report.summary()
    assert expected in messages[name]
    assert Article.objects.filter(slug="the-three-minute-reset").exists()


def test_a_50_mb_file_is_refused_without_reading_it(folder):
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    report = import_paths([folder])
    message = skipped_messages(report)["huge.txt"]
    assert "50.0 MB" in message and "largest page" in message


def test_utf16_with_bom_and_windows_newlines_are_read(tmp_path):
    text = (PLAIN / "article-three-minute-reset.txt").read_text().replace("\n", "\r\n")
    (tmp_path / "windows.txt").write_bytes(text.encode("utf-16"))
    report = import_paths([tmp_path])
    assert report.of("created"), report.summary()
    assert Article.objects.get().title == "The Three-Minute Reset"


def test_missing_paths_and_empty_folders_are_reported(tmp_path):
    (tmp_path / "empty-folder").mkdir()
    report = import_paths([tmp_path / "nope.txt", tmp_path / "empty-folder"])
    messages = skipped_messages(report)
    assert messages == {
        "nope.txt": "no such file or folder",
        "empty-folder": "this folder holds no .md, .txt, .json or .bib files",
    }


def test_a_failing_document_leaves_nothing_half_made(tmp_path):
    # The author is created first, then the body is too long: the whole document rolls back.
    body = "word " * 30_000
    (tmp_path / "long.md").write_text(f"---\ntitle: Too Long\nauthor: Brand New Person\n---\n{body}")
    (tmp_path / "hub.md").write_text(
        "---\ntype: hub\ntitle: A Hub\npillar: Pillar 9 — Nine\nslug: Bad Slug\n---\nx"
    )
    report = import_paths([tmp_path])
    messages = skipped_messages(report)
    assert "150,000 characters" in messages["long.md"]
    assert "slug" in messages["hub.md"]
    assert not Author.objects.exists() and not Pillar.objects.exists() and not Hub.objects.exists()
    assert not Article.objects.exists()
    assert not any("created" in str(note) for note in report.infos)


def test_over_long_fields_are_shortened_with_a_warning(tmp_path):
    long_question = "Why " + "really " * 60 + "?"
    (tmp_path / "a.md").write_text(
        "---\ntitle: Fits\nseo_title: "
        + "x" * 90
        + f"\nfaqs:\n  - question: {long_question}\n    answer: Yes.\n---\nBody"
    )
    report = import_paths([tmp_path])
    article = Article.objects.get()
    assert len(article.seo_title) == 70 and len(article.faqs.get().question) <= 300
    assert sum("shortened" in str(w) for w in report.warnings) == 2
