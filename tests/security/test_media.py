"""Nothing uploaded can run as a page.

Two layers: the editor's upload endpoint stores only re-encoded JPEG/PNG/WebP under
a random name with the real format's extension, and ``serve_media`` serves whatever
is on disk with ``nosniff``, a sandboxing CSP, and anything that is not an image as
an ``attachment`` of type ``application/octet-stream``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

HTML = b"<!doctype html><script>document.title='pwned'</script><p>hi</p>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
PHP = b"<?php system($_GET['c']); ?>"


def png_bytes(extra: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buffer, "PNG")
    return buffer.getvalue() + extra


def put_in_media(name: str, content: bytes) -> str:
    """A file that reached MEDIA_ROOT some other way (old upload, import, operator)."""
    path = Path(settings.MEDIA_ROOT) / "hostile" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return f"{settings.MEDIA_URL}hostile/{name}"


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", HTML),
        ("page.htm", HTML),
        ("drawing.svg", SVG),
        ("shell.php", PHP),
        ("page.xhtml", HTML),
        ("page.xml", SVG),
        ("photo.png.html", HTML),
        ("script.js", b"alert(1)"),
        ("noextension", HTML),
        ("UPPER.HTML", HTML),
    ],
)
@pytest.mark.django_db
def test_non_images_are_downloads_never_pages(client, name, content):
    response = client.get(put_in_media(name, content))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"] == "attachment"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "sandbox" in csp
    assert "default-src 'none'" in csp


@pytest.mark.parametrize("name", ["photo.png", "photo.JPG", "photo.webp"])
@pytest.mark.django_db
def test_images_are_inline_with_nosniff_and_a_sandbox(client, name):
    response = client.get(put_in_media(name, png_bytes()))
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"].startswith("image/")
    assert not response.headers.get("Content-Disposition", "inline").startswith("attachment")
    assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_html_named_as_an_image_is_not_sniffed_into_a_page(client):
    response = client.get(put_in_media("trick.png", HTML))
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["../mindlab/settings.py", "..%2Fmindlab%2Fsettings.py", "/etc/passwd"])
@pytest.mark.django_db
def test_nothing_outside_media_root_is_served(client, path):
    response = client.get(f"{settings.MEDIA_URL}{path}")
    assert response.status_code in {400, 404}


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("evil.html", HTML, "image/png"),
        ("evil.svg", SVG, "image/svg+xml"),
        ("evil.png", SVG, "image/png"),
        ("shell.php", PHP, "image/jpeg"),
        ("shell.php.png", PHP, "image/png"),
    ],
)
@pytest.mark.django_db
def test_editor_upload_refuses_what_is_not_a_real_image(staff_client, name, content, content_type):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = staff_client.post("/admin/markdownx/upload/", {"image": upload})
    assert response.status_code == 400
    assert "error" in response.json()
    stored = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file() and "hostile" not in p.parts]
    assert not [p for p in stored if p.suffix in {".html", ".svg", ".php"}]


@pytest.mark.django_db
def test_a_png_polyglot_is_re_encoded_and_named_by_its_real_format(staff_client):
    polyglot = png_bytes(b"<script>alert(1)</script><?php echo 1; ?>")
    upload = SimpleUploadedFile("polyglot.php.html", polyglot, content_type="text/html")
    response = staff_client.post("/admin/markdownx/upload/", {"image": upload})
    assert response.status_code == 200
    url = response.json()["image_code"].split("(")[1].rstrip(")")
    assert url.endswith(".png")
    assert "polyglot" not in url
    served = staff_client.get(url)
    data = body_of(served)
    assert b"<script" not in data
    assert b"<?php" not in data
    assert served.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_anonymous_visitors_cannot_upload(client):
    before = set(Path(settings.MEDIA_ROOT).glob("uploads/*"))
    upload = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
    response = client.post("/admin/markdownx/upload/", {"image": upload})
    assert response.status_code in {302, 403}
    assert set(Path(settings.MEDIA_ROOT).glob("uploads/*")) == before
