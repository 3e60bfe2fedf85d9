"""What the importer refuses (links, files outside the folders), its exit status, and images
referenced by relative paths in the imported files."""

from __future__ import annotations

import io
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image

from articles.importing import Options, import_paths
from articles.models import Article

pytestmark = pytest.mark.django_db

PAGE = (
    "{title}\n"
    "By Jane Example\n"
    "A first paragraph of the page that runs long enough to be read as running text, with a full stop.\n"
    "{image}\n"
    "A second paragraph that closes the page and also reads as running text, with its own full stop.\n"
)


def png(size: tuple[int, int] = (40, 30), colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def write_page(folder: Path, name: str, title: str, image: str = "") -> Path:
    path = folder / name
    path.write_text(PAGE.format(title=title, image=image), encoding="utf-8")
    return path


def command(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_content", *args, "--no-progress", stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


# --- refusals and the exit status ------------------------------------------------------------


def test_symbolic_links_in_a_folder_are_refused_and_the_exit_status_says_so(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    write_page(pages, "kept.txt", "A Page That Is Kept")
    secret = tmp_path / "elsewhere"
    secret.mkdir()
    write_page(secret, "private.txt", "A Page From Elsewhere")
    (pages / "linked.txt").symlink_to(secret / "private.txt")
    (pages / "linked-folder").symlink_to(secret, target_is_directory=True)
    status, out, err = command(str(pages))
    assert status == 1
    assert "linked.txt (a symbolic link; it was not followed)" in out
    assert "linked-folder (a symbolic link; it was not followed)" in out
    assert "2 files skipped" in err
    assert list(Article.objects.values_list("title", flat=True)) == ["A Page That Is Kept"]


def test_a_given_path_that_is_a_link_is_refused(tmp_path):
    real = write_page(tmp_path, "real.txt", "The Real Page")
    (tmp_path / "alias.txt").symlink_to(real)
    status, out, err = command(str(tmp_path / "alias.txt"))
    assert status == 1 and "Nothing was imported." in err
    assert "alias.txt (a symbolic link; give the real file or folder instead)" in out
    assert not Article.objects.exists()


def test_everything_imported_exits_with_status_zero(tmp_path):
    write_page(tmp_path, "one.txt", "One Good Page")
    status, out, _ = command(str(tmp_path))
    assert status == 0 and "1 created, 0 updated, 0 skipped" in out


def test_control_characters_are_refused_with_file_and_line(tmp_path):
    path = tmp_path / "pasted.txt"
    path.write_text(
        "A Title\nFine text on the first lines of this page, long enough to read.\nBad \x0b here\n"
    )
    status, out, _ = command(str(path))
    assert status == 1
    assert "pasted.txt" in out and "line 3" in out


# --- images ------------------------------------------------------------------------------------


def test_relative_images_are_copied_into_media_and_the_links_rewritten(tmp_path, media):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "chart.png").write_bytes(png())
    write_page(tmp_path, "page.txt", "A Page With a Chart", "![A chart of the week](img/chart.png)")
    markdown = tmp_path / "note.md"
    markdown.write_text(
        '---\ntitle: A Markdown Page\ntype: article\n---\nSome text.\n\n![Same chart](./img/chart.png "The week")\n',
        encoding="utf-8",
    )
    report = import_paths([tmp_path], Options())
    assert not report.skipped and not report.warnings, report.summary()
    page = Article.objects.get(title="A Page With a Chart")
    other = Article.objects.get(title="A Markdown Page")
    stored = sorted(path.name for path in (media / "uploads" / "imported").iterdir())
    assert len(stored) == 1  # one copy for both pages, named by its content
    url = default_storage.url(f"uploads/imported/{stored[0]}")
    assert f"![A chart of the week]({url})" in page.body
    assert f'![Same chart]({url} "The week")' in other.body
    assert f'src="{url}"' in page.body_html
    # Importing again finds the same copy: nothing changes.
    again = import_paths([tmp_path], Options())
    assert len(again.of("updated")) == 2
    assert sorted(path.name for path in (media / "uploads" / "imported").iterdir()) == stored
    assert Article.objects.get(pk=page.pk).body == page.body


def test_images_that_cannot_be_brought_in_are_reported_by_file_and_line(tmp_path, media):
    pages = tmp_path / "pages"
    pages.mkdir()
    (tmp_path / "outside.png").write_bytes(png())
    (pages / "fake.png").write_bytes(b"<svg onload='x'></svg>")
    (pages / "linked.png").symlink_to(tmp_path / "outside.png")
    cases = {
        "missing.txt": "![A missing chart](img/none.png)",
        "escape.txt": "![Outside](../outside.png)",
        "fake.txt": "![Not an image](fake.png)",
        "linked.txt": "![A link](linked.png)",
    }
    for name, image in cases.items():
        write_page(pages, name, f"Page {name[:-4].title()}", image)
    report = import_paths([pages], Options())
    assert not report.skipped, report.summary()  # a bad image is a warning, never a skip
    messages = {Path(warning.path).name: (warning.line, warning.message) for warning in report.warnings}
    assert messages["missing.txt"][0] == 4 and "no such file" in messages["missing.txt"][1]
    assert "outside the folders being imported" in messages["escape.txt"][1]
    assert "not an image" in messages["fake.txt"][1]
    assert "symbolic link" in messages["linked.txt"][1]
    for article in Article.objects.all():
        assert "![" not in article.body and "<img" not in article.body_html  # no broken image on a page
    assert "A missing chart" in Article.objects.get(title="Page Missing").body  # its text stays
    assert not (media / "uploads" / "imported").exists()


def test_a_dry_run_checks_images_without_storing_them(tmp_path, media):
    (tmp_path / "chart.png").write_bytes(png())
    write_page(tmp_path, "page.txt", "A Page With a Chart", "![Chart](chart.png)")
    report = import_paths([tmp_path], Options(), dry_run=True)
    assert not report.warnings and not report.skipped
    assert not media.exists() or not any(media.rglob("*.png"))


def test_links_and_absolute_addresses_are_left_alone(tmp_path, media):
    write_page(tmp_path, "page.txt", "A Page With a Remote Image", "![Remote](https://example.org/a.png)")
    import_paths([tmp_path], Options())
    assert "![Remote](https://example.org/a.png)" in Article.objects.get().body


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_an_image_folder_that_is_a_link_is_refused(tmp_path, media):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "chart.png").write_bytes(png())
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "img").symlink_to(elsewhere, target_is_directory=True)
    write_page(pages, "page.txt", "A Page With a Linked Folder", "![Chart](img/chart.png)")
    report = import_paths([pages], Options())
    assert any("symbolic link" in warning.message and warning.line == 4 for warning in report.warnings)
