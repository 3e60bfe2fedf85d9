"""Responsive WebP renditions of hero images and author photos.

When a page is saved with a new image (the admin has already validated it and
stripped its metadata, see ``articles.images``), this module writes WebP copies at
several widths next to it, once, and records them in the page's ``*_renditions``
JSON field together with the name of the file they were made from. Re-uploading
replaces them (the old copies are deleted); clearing the image deletes them. Pages
serve them with ``srcset``/``sizes``/``width``/``height``/``loading="lazy"``.

Nothing here breaks a page: a missing or unreadable file is logged and the page
falls back to the original image (or to no image), and ``manage.py make_renditions``
can rebuild whatever is missing later.
"""

from __future__ import annotations

import io
import logging
import posixpath
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.signals import post_delete, post_save
from PIL import Image, ImageOps, UnidentifiedImageError

from mindlab import pagecache

logger = logging.getLogger(__name__)

DEFAULT_WIDTHS = (320, 640, 960, 1280, 1920)
# Author photos are shown small (96 and 160 CSS pixels): 1x, 2x and 3x copies suffice.
PHOTO_WIDTHS = (160, 320, 480)
WEBP_QUALITY = 80
RENDITIONS_DIR = "renditions"

# model label -> (image field, renditions field, widths)
IMAGE_FIELDS = {
    "articles.Article": ("hero_image", "hero_renditions", None),
    "articles.Author": ("photo", "photo_renditions", PHOTO_WIDTHS),
}


def rendition_widths() -> tuple[int, ...]:
    """Widths of hero image renditions (``IMAGE_RENDITION_WIDTHS`` setting to change them)."""
    return tuple(sorted(getattr(settings, "IMAGE_RENDITION_WIDTHS", DEFAULT_WIDTHS)))


@dataclass(frozen=True)
class ImageInfo:
    url: str
    width: int | None = None
    height: int | None = None


def _rendition_name(source_name: str, width: int) -> str:
    stem = posixpath.splitext(source_name)[0]
    return f"{RENDITIONS_DIR}/{stem}-{width}w.webp"


def make_renditions(
    source_name: str, *, storage=None, widths: tuple[int, ...] | None = None
) -> dict[str, Any]:
    """Write WebP renditions of a stored image; returns the record kept on the page.

    Widths wider than the image are skipped (the image's own width is used instead, so
    there is always at least one). The copies carry no EXIF, XMP or ICC data.
    """
    storage = storage or default_storage
    widths = widths or rendition_widths()
    with storage.open(source_name, "rb") as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    if image.format == "JPEG":
        # Decode at a reduced scale when that still covers the widest rendition.
        image.draft("RGB", (max(widths), max(widths)))
    image.load()
    original_size = image.size
    image = ImageOps.exif_transpose(image)
    if image.mode not in {"RGB", "RGBA"}:
        image = image.convert("RGBA" if "transparency" in image.info or "A" in image.getbands() else "RGB")
    source_width, source_height = _original_dimensions(data, original_size, image.size)
    targets = sorted({w for w in widths if w < source_width} | {min(source_width, max(widths))})
    made = []
    for width in targets:
        height = max(1, round(source_height * width / source_width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        resized.info = {}
        out = io.BytesIO()
        resized.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
        name = storage.save(_rendition_name(source_name, width), ContentFile(out.getvalue()))
        made.append({"name": name, "width": width, "height": height})
    return {"source": source_name, "width": source_width, "height": source_height, "webp": made}


def _original_dimensions(
    data: bytes, decoded: tuple[int, int], transposed: tuple[int, int]
) -> tuple[int, int]:
    """The image's real size after EXIF rotation, even when JPEG draft mode decoded it smaller."""
    probe = Image.open(io.BytesIO(data))
    width, height = probe.size
    rotated = decoded != transposed and decoded == transposed[::-1]
    return (height, width) if rotated else (width, height)


def delete_renditions(record: dict[str, Any] | None, *, storage=None) -> None:
    storage = storage or default_storage
    for rendition in (record or {}).get("webp", []):
        try:
            storage.delete(rendition["name"])
        except OSError:  # already gone: nothing to clean up
            logger.info("Rendition %s was already missing", rendition.get("name"))


def refresh_renditions(
    instance, image_field: str, renditions_field: str, widths: tuple[int, ...] | None = None
) -> dict[str, Any]:
    """Make renditions if the image changed since they were made; returns the current record."""
    field_file = getattr(instance, image_field)
    record = getattr(instance, renditions_field) or {}
    source_name = field_file.name if field_file else ""
    if record.get("source", "") == source_name:
        return record
    new_record: dict[str, Any] = {}
    if source_name:
        try:
            new_record = make_renditions(source_name, storage=field_file.storage, widths=widths)
        except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as error:
            logger.warning("Could not make renditions of %s: %s", source_name, error)
            new_record = {"source": source_name, "webp": [], "error": str(error)[:200]}
    delete_renditions(record, storage=field_file.storage)
    type(instance)._default_manager.filter(pk=instance.pk).update(**{renditions_field: new_record})
    pagecache.invalidate()  # update() sends no signals
    setattr(instance, renditions_field, new_record)
    return new_record


def current_record(field_file, record: dict[str, Any] | None) -> dict[str, Any]:
    """The renditions record if it belongs to the image now in the field, else empty."""
    if not field_file or not record or record.get("source") != field_file.name:
        return {}
    return record


def srcset(field_file, record: dict[str, Any] | None) -> str:
    record = current_record(field_file, record)
    return ", ".join(
        f"{default_storage.url(item['name'])} {item['width']}w" for item in record.get("webp", [])
    )


def best_image(field_file, record: dict[str, Any] | None) -> ImageInfo | None:
    """The largest WebP rendition, else the original (for feeds, OpenGraph and JSON-LD)."""
    if not field_file:
        return None
    record = current_record(field_file, record)
    renditions = record.get("webp", [])
    if renditions:
        largest = max(renditions, key=lambda item: item["width"])
        return ImageInfo(default_storage.url(largest["name"]), largest["width"], largest["height"])
    return ImageInfo(field_file.url, record.get("width"), record.get("height"))


def _saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    image_field, renditions_field, widths = IMAGE_FIELDS[sender._meta.label]
    refresh_renditions(instance, image_field, renditions_field, widths)


def _deleted(sender, instance, **kwargs) -> None:
    _, renditions_field, _ = IMAGE_FIELDS[sender._meta.label]
    delete_renditions(getattr(instance, renditions_field))


def connect_signals() -> None:
    """Called once from ``ArticlesConfig.ready``."""
    from django.apps import apps

    for label in IMAGE_FIELDS:
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"renditions-saved-{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"renditions-deleted-{label}")
