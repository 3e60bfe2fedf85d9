"""The markdownx endpoints: staff-only, sanitised preview, verified uploads."""

import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PREVIEW = "/admin/markdownx/markdownify/"
UPLOAD = "/admin/markdownx/upload/"
pytestmark = pytest.mark.django_db


def image_bytes(fmt: str, size=(64, 48), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (120, 30, 200))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "CameraMaker"  # Make
        tags[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS IFD
        kwargs["exif"] = tags
    image.save(out, fmt, **kwargs)
    return out.getvalue()


@pytest.fixture
def member_client(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="a-long-test-password")
    client.force_login(user)
    return client


@pytest.fixture
def intake_client(client, django_user_model):
    """Staff without editorial permissions (like the intake coordinator)."""
    user = django_user_model.objects.create_user("intake", password="a-long-test-password", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("writer", password="a-long-test-password", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="articles"))
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", [PREVIEW, UPLOAD])
def test_anonymous_and_non_staff_are_refused(client, member_client, url):
    anonymous = client.__class__().post(url, {"content": "x"})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    member = member_client.post(url, {"content": "x"})
    assert member.status_code in {302, 403}


@pytest.mark.parametrize("url", [PREVIEW, UPLOAD])
def test_staff_without_editorial_permissions_get_403(intake_client, url):
    assert intake_client.post(url, {"content": "x"}).status_code == 403


def test_get_is_not_allowed(editor_client):
    assert editor_client.get(PREVIEW).status_code == 405


def test_csrf_is_enforced(django_user_model):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    user = django_user_model.objects.create_superuser("csrf", "c@example.org", "a-long-test-password")
    client.force_login(user)
    assert client.post(PREVIEW, {"content": "x"}).status_code == 403


def test_preview_is_sanitised(editor_client):
    payload = (
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n"
        'Para\n{: onclick="x"}\n\n## Heading'
    )
    response = editor_client.post(PREVIEW, {"content": payload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in html
    assert "onerror" not in html
    assert 'href="javascript' not in html
    assert "<p onclick" not in html
    assert '<h2 id="heading">' in html


def test_preview_without_content_is_a_clear_400(editor_client):
    response = editor_client.post(PREVIEW, {})
    assert response.status_code == 400
    assert "content" in response.content.decode()


def test_preview_of_oversize_text_explains_the_limit(editor_client, settings):
    response = editor_client.post(PREVIEW, {"content": "[" * (settings.MARKDOWN_MAX_CHARS + 1)})
    assert response.status_code == 200
    assert "characters long" in response.content.decode()


@pytest.mark.parametrize(("fmt", "ext"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_good_images_are_stored_under_a_name_from_their_real_format(editor_client, fmt, ext):
    upload = SimpleUploadedFile("holiday.php", image_bytes(fmt), content_type="text/html")
    response = editor_client.post(UPLOAD, {"image": upload})
    assert response.status_code == 200, response.content
    code = response.json()["image_code"]
    assert code.startswith("![") and code.endswith(f".{ext})")
    assert "holiday" not in code and ".php" not in code


def test_uploaded_image_loses_its_metadata(editor_client, settings):
    upload = SimpleUploadedFile("photo.jpg", image_bytes("JPEG", exif=True), content_type="image/jpeg")
    code = editor_client.post(UPLOAD, {"image": upload}).json()["image_code"]
    path = code.split("(", 1)[1].rstrip(")").removeprefix(settings.MEDIA_URL)
    with Image.open(f"{settings.MEDIA_ROOT}/{path}") as stored:
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info


def test_wrong_format_is_refused_with_a_message(editor_client):
    fake = SimpleUploadedFile(
        "notes.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
    )
    response = editor_client.post(UPLOAD, {"image": fake})
    assert response.status_code == 400
    assert "not an image we can use" in response.json()["error"]


def test_svg_and_gif_are_refused(editor_client):
    svg = SimpleUploadedFile(
        "x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"
    )
    assert editor_client.post(UPLOAD, {"image": svg}).status_code == 400
    gif = SimpleUploadedFile("x.gif", image_bytes("GIF"), content_type="image/gif")
    response = editor_client.post(UPLOAD, {"image": gif})
    assert response.status_code == 400
    assert "GIF" in response.json()["error"]


def test_decompression_bomb_is_refused(editor_client):
    # A tiny PNG that claims 30,000 × 30,000 pixels (900 megapixels) once decoded.
    out = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(out, "PNG")
    assert len(out.getvalue()) < 1_000_000
    bomb = SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png")
    response = editor_client.post(UPLOAD, {"image": bomb})
    assert response.status_code == 400
    assert "image" in response.json()["error"]


def test_too_many_pixels_is_refused_with_the_limit(editor_client, settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1000
    upload = SimpleUploadedFile("big.png", image_bytes("PNG", size=(100, 100)), content_type="image/png")
    response = editor_client.post(UPLOAD, {"image": upload})
    assert response.status_code == 400
    assert "megapixels" in response.json()["error"]


def test_oversize_file_is_refused(editor_client, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100
    upload = SimpleUploadedFile("big.png", image_bytes("PNG"), content_type="image/png")
    response = editor_client.post(UPLOAD, {"image": upload})
    assert response.status_code == 400
    assert "MB" in json.loads(response.content)["error"]


def test_missing_file_is_refused(editor_client):
    response = editor_client.post(UPLOAD, {})
    assert response.status_code == 400
    assert "Choose" in response.json()["error"]
