"""In a real browser, an uploaded HTML/SVG/PHP file never runs: it downloads, or stays inert.

Django's test live server answers ``MEDIA_URL`` itself (``_MediaFilesHandler``),
bypassing the site's ``serve_media``; so these tests start the site with
``manage.py runserver`` on a free port, as a developer would, with its own media folder.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.security.test_media import HTML, PHP, SVG

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PWNED = "() => document.title === 'pwned' || window.__ran === true"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """(base URL, media folder) of the site running in its own process."""
    media = tmp_path_factory.mktemp("media")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="mindlab.settings",
        MEDIA_ROOT=str(media),
        DATABASE_URL=f"sqlite:///{media / 'unused.sqlite3'}",
    )
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("runserver did not start")
        yield f"http://127.0.0.1:{port}", media
    finally:
        server.terminate()
        server.wait(timeout=10)


def put(media: Path, name: str, content: bytes) -> str:
    (media / "hostile").mkdir(exist_ok=True)
    (media / "hostile" / name).write_bytes(content)
    return f"/media/hostile/{name}"


@pytest.mark.parametrize(("name", "content"), [("page.html", HTML), ("drawing.svg", SVG), ("shell.php", PHP)])
def test_uploaded_active_content_is_downloaded_not_rendered(site, browser, name, content):
    base, media = site
    url = base + put(media, name, content)
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        # Chromium aborts a navigation that turns into a download.
        with page.expect_download() as download, pytest.raises(PlaywrightError, match="Download is starting"):
            page.goto(url)
        assert download.value.suggested_filename == name
        assert not page.evaluate(PWNED)
        assert dialogs == []
    finally:
        context.close()


def test_html_disguised_as_a_png_is_inert(site, page):
    base, media = site
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base + put(media, "trick.png", HTML.replace(b"<p>", b"<img src=x onerror=alert(3)><p>")))
    assert not page.evaluate(PWNED)
    assert page.evaluate("() => document.querySelectorAll('script, p').length") == 0
    assert dialogs == []
