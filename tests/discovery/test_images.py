"""Uploaded images: validated, stripped of metadata, served as responsive WebP renditions."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from PIL import ExifTags, Image

from articles.admin import ArticleForm, AuthorForm
from articles.models import Article, Author
from articles.renditions import PHOTO_WIDTHS, rendition_widths

pytestmark = pytest.mark.django_db


def jpeg_with_gps(width: int = 6000, height: int = 4000) -> bytes:
    """A smooth (so small) JPEG carrying camera and GPS EXIF data."""
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT), gradient))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.Base.Model] = "Spy 3000"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 26.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # precondition
    return data


def png_bytes(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


def has_metadata(data: bytes) -> bool:
    image = Image.open(io.BytesIO(data))
    return bool(image.getexif()) or any(key in image.info for key in ("exif", "xmp", "icc_profile"))


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def author_form(files: dict, **data) -> AuthorForm:
    fields = {
        "name": "Dr Photo",
        "slug": "dr-photo",
        "credentials": "PhD",
        "photo_alt": "Portrait of Dr Photo",
    }
    return AuthorForm(data={**fields, **data}, files=files)


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def article_form(article: Article, files: dict, **data) -> ArticleForm:
    initial = model_to_dict(article, exclude=["hero_image"])
    initial = {key: ("" if value is None else value) for key, value in initial.items()}
    return ArticleForm(data={**initial, **data}, files=files, instance=article)


def test_large_jpeg_with_gps_leaves_no_exif_anywhere(client, article):
    form = article_form(
        article, {"hero_image": upload("holiday.jpg", jpeg_with_gps())}, hero_alt="A gradient"
    )
    assert form.is_valid(), form.errors
    article = form.save()
    article.refresh_from_db()
    record = article.hero_renditions
    assert record["source"] == article.hero_image.name
    # 24 MP is more than is decoded at once: the JPEG is decoded at half size, proportions kept.
    assert (record["width"], record["height"]) == (3000, 2000)
    assert [r["width"] for r in record["webp"]] == list(rendition_widths())
    assert not has_metadata(read(article.hero_image.name))
    for rendition in record["webp"]:
        data = read(rendition["name"])
        image = Image.open(io.BytesIO(data))
        assert image.format == "WEBP"
        assert image.size == (rendition["width"], rendition["height"])
        assert rendition["height"] == round(rendition["width"] * 4000 / 6000)
        assert not has_metadata(data), rendition["name"]

    html = client.get(article.get_absolute_url()).content.decode()
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'type="image/webp"' in picture
    assert "640w" in picture and "1920w" in picture
    assert 'sizes="' in picture
    assert 'width="3000" height="2000"' in picture
    assert 'loading="lazy"' in picture
    assert 'alt="A gradient"' in picture
    assert re.search(r'<meta property="og:image" content="http[^"]+-1920w\.webp">', html)


def test_author_photo_renditions_are_small_and_square_display(client):
    form = author_form({"photo": upload("me.jpg", jpeg_with_gps(1200, 1200))})
    assert form.is_valid(), form.errors
    author = form.save()
    author.refresh_from_db()
    assert [r["width"] for r in author.photo_renditions["webp"]] == list(PHOTO_WIDTHS)
    for rendition in author.photo_renditions["webp"]:
        assert not has_metadata(read(rendition["name"]))
    html = client.get(author.get_absolute_url()).content.decode()
    assert 'width="160" height="160"' in html and 'sizes="160px"' in html


def test_reupload_replaces_renditions(article):
    first = article_form(
        article, {"hero_image": upload("a.png", png_bytes(800, 600), "image/png")}, hero_alt="x"
    )
    assert first.is_valid(), first.errors
    article = first.save()
    old = [r["name"] for r in article.hero_renditions["webp"]]
    assert old and all(default_storage.exists(name) for name in old)
    second = article_form(
        article, {"hero_image": upload("b.png", png_bytes(1000, 500), "image/png")}, hero_alt="x"
    )
    assert second.is_valid(), second.errors
    article = second.save()
    article.refresh_from_db()
    assert not any(default_storage.exists(name) for name in old)
    assert article.hero_renditions["source"] == article.hero_image.name
    assert [r["width"] for r in article.hero_renditions["webp"]] == [320, 640, 960, 1000]
    assert all(default_storage.exists(r["name"]) for r in article.hero_renditions["webp"])


def test_clearing_the_image_deletes_renditions(article):
    form = article_form(
        article, {"hero_image": upload("a.png", png_bytes(700, 400), "image/png")}, hero_alt="x"
    )
    assert form.is_valid()
    article = form.save()
    names = [r["name"] for r in article.hero_renditions["webp"]]
    article.hero_image = None
    article.save()
    article.refresh_from_db()
    assert article.hero_renditions == {}
    assert not any(default_storage.exists(name) for name in names)


def test_missing_files_degrade_gracefully(client, article):
    form = article_form(
        article, {"hero_image": upload("a.png", png_bytes(900, 300), "image/png")}, hero_alt="x"
    )
    assert form.is_valid()
    article = form.save()
    for rendition in article.hero_renditions["webp"]:
        default_storage.delete(rendition["name"])
    default_storage.delete(article.hero_image.name)
    assert client.get(article.get_absolute_url()).status_code == 200

    # An image whose file never reached storage: no renditions, the page still renders.
    ghost = Article.objects.get(pk=article.pk)
    ghost.hero_image.name = "heroes/missing/not-there.jpg"
    ghost.save()
    ghost.refresh_from_db()
    assert ghost.hero_renditions["webp"] == []
    assert "error" in ghost.hero_renditions
    response = client.get(ghost.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<img src="/media/heroes/missing/not-there.jpg" alt="x" loading="lazy"' in html
    assert "<picture>" not in html


def test_decompression_bomb_is_refused_with_a_clear_message():
    bomb = png_bytes(1, 1)
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")  # 400 megapixels in a few kilobytes
    bomb = out.getvalue()
    assert len(bomb) < 200_000
    form = author_form({"photo": upload("innocent.png", bomb, "image/png")})
    assert not form.is_valid()
    message = " ".join(form.errors["photo"])
    assert "decompression bomb" in message
    assert not Author.objects.exists()


def test_renamed_text_file_is_refused_with_a_clear_message():
    form = author_form({"photo": upload("photo.jpg", b"just some notes, not a picture\n" * 20)})
    assert not form.is_valid()
    assert "not an image we can use" in " ".join(form.errors["photo"])


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
    form = author_form({"photo": upload("logo.svg", svg, "image/svg+xml")})
    assert not form.is_valid()
    assert "photo" in form.errors


def test_image_over_pixel_limit_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1_000_000
    form = author_form({"photo": upload("big.png", png_bytes(2000, 1000), "image/png")})
    assert not form.is_valid()
    assert "megapixels" in " ".join(form.errors["photo"])


def test_make_renditions_command_rebuilds_missing_files(article):
    from django.core.management import call_command

    form = article_form(
        article, {"hero_image": upload("a.png", png_bytes(700, 400), "image/png")}, hero_alt="x"
    )
    assert form.is_valid()
    article = form.save()
    for rendition in article.hero_renditions["webp"]:
        default_storage.delete(rendition["name"])
    call_command("make_renditions", stdout=io.StringIO())
    article.refresh_from_db()
    assert article.hero_renditions["webp"]
    assert all(default_storage.exists(r["name"]) for r in article.hero_renditions["webp"])


def admin_add_author(staff_client, photo: SimpleUploadedFile):
    """POST the real admin add form (inline management forms read from the page)."""
    page = staff_client.get("/admin/articles/author/add/").content.decode()
    data = {"name": "Dr Admin Photo", "slug": "dr-admin-photo", "credentials": "PhD", "photo_alt": "Portrait"}
    for prefix in re.findall(r'name="([\w-]+)-TOTAL_FORMS"', page):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return staff_client.post("/admin/articles/author/add/", {**data, "photo": photo})


def test_admin_upload_end_to_end(staff_client):
    refused = admin_add_author(staff_client, upload("cv.jpg", b"%PDF-1.4 not an image at all\n" * 10))
    assert refused.status_code == 200
    assert "not an image we can use" in refused.content.decode()
    assert not Author.objects.filter(slug="dr-admin-photo").exists()

    accepted = admin_add_author(staff_client, upload("me.jpg", jpeg_with_gps(1600, 1200)))
    assert accepted.status_code == 302, accepted.content.decode()[:2000]
    author = Author.objects.get(slug="dr-admin-photo")
    assert author.photo.name.endswith(".jpg") and "me" not in author.photo.name.rsplit("/", 1)[-1]
    assert not has_metadata(read(author.photo.name))
    assert [r["width"] for r in author.photo_renditions["webp"]] == list(PHOTO_WIDTHS)
    assert all(not has_metadata(read(r["name"])) for r in author.photo_renditions["webp"])
