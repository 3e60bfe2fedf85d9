"""Accepting images from authors safely.

Every uploaded image is opened by Pillow to learn its *real* format (the file name
and the browser's content type are ignored), checked against byte and pixel limits
before it is decoded (so a decompression bomb is refused, not expanded), then
re-encoded without metadata (EXIF, GPS, ICC comments) and named from its real
format.

Memory is bounded by what is decoded, not by the file's size (a 4 KB 1-bit PNG can
declare 36 megapixels). No rendition needs more than ``STORED_MAX_PIXELS``, so larger
images are stored scaled down to it. A JPEG is decoded straight at 1/2, 1/4 or 1/8 of
its size (the codec's own scaling, so the full image never exists in memory); a PNG or
WebP has no such shortcut and is accepted only up to ``IMAGE_DECODE_MAX_PIXELS``, about
64 MB of pixels at four bytes each.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ACCEPTED_LABEL = "JPEG, PNG or WebP"
# The largest image any rendition is made from (4,240 × 2,830 and the like).
STORED_MAX_PIXELS = 12_000_000
JPEG_SCALES = (1, 2, 4, 8)


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    extension: str
    width: int
    height: int
    format: str


def clean_uploaded_image(
    upload, *, max_bytes: int | None = None, max_pixels: int | None = None
) -> CleanImage:
    """Verify an uploaded file is a real JPEG/PNG/WebP within limits; return it re-encoded.

    Raises ``ValidationError`` with a message for the person who uploaded it.
    """
    max_bytes = max_bytes or settings.IMAGE_UPLOAD_MAX_BYTES
    max_pixels = max_pixels or settings.IMAGE_UPLOAD_MAX_PIXELS
    size = getattr(upload, "size", None)
    if size is None or size == 0:
        raise ValidationError("The file is empty. Choose an image file and try again.", code="empty")
    if size > max_bytes:
        raise ValidationError(
            f"The image is {size / 1_048_576:.1f} MB; the limit is {max_bytes / 1_048_576:.0f} MB. "
            "Export it at a smaller size and try again.",
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            real_format = probe.format
            width, height = probe.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "This image declares far more pixels than its file size allows (a “decompression bomb”), "
            "so it was not opened. Export it again at a normal size and retry.",
            code="decompression_bomb",
        ) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(
            f"This file is not an image we can use. Upload a {ACCEPTED_LABEL} file.",
            code="not_image",
        ) from None
    if real_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            f"This file is a {real_format or 'non-image'} file; upload a {ACCEPTED_LABEL} file instead.",
            code="wrong_format",
        )
    if width * height > max_pixels:
        raise ValidationError(
            f"The image is {width:,}×{height:,} pixels; the limit is {max_pixels / 1_000_000:.0f} megapixels. "
            "Resize it and try again.",
            code="too_many_pixels",
        )
    decode_limit = settings.IMAGE_DECODE_MAX_PIXELS
    if real_format != "JPEG" and width * height > decode_limit:
        raise ValidationError(
            f"The image is {width:,}×{height:,} pixels; a {real_format} image can have at most "
            f"{decode_limit / 1_000_000:.0f} megapixels (larger ones are only accepted as JPEG). "
            "Resize it, or export it as a JPEG, and try again.",
            code="too_many_pixels",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if real_format == "JPEG":
                _decode_jpeg_within(image, decode_limit)
            image.load()
            image = ImageOps.exif_transpose(image)
            image = _scaled_to_store(image)
    except (
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        ValueError,
        SyntaxError,
    ):
        raise ValidationError(
            "The image could not be read (it may be damaged or truncated). Export it again and retry.",
            code="broken",
        ) from None
    return CleanImage(
        content=ContentFile(_encode_without_metadata(image, real_format)),
        extension=ACCEPTED_FORMATS[real_format],
        width=image.width,
        height=image.height,
        format=real_format,
    )


def _decode_jpeg_within(image: Image.Image, max_pixels: int) -> None:
    """Have the JPEG decoder scale by 1/2, 1/4 or 1/8 while decoding: enough to keep within
    ``max_pixels``, and further only while the result still holds what will be stored."""
    width, height = image.size
    target = min(STORED_MAX_PIXELS, width * height)
    chosen, size = None, image.size
    for scale in JPEG_SCALES:
        scaled = (-(-width // scale), -(-height // scale))
        pixels = scaled[0] * scaled[1]
        if pixels > max_pixels:
            continue
        if chosen is None or pixels >= target:
            chosen, size = scale, scaled
        if pixels < target:
            break
    if chosen is None:
        chosen, size = JPEG_SCALES[-1], (-(-width // JPEG_SCALES[-1]), -(-height // JPEG_SCALES[-1]))
    if chosen > 1:
        image.draft(image.mode if image.mode in {"RGB", "L"} else "RGB", size)


def _scaled_to_store(image: Image.Image) -> Image.Image:
    """The image, scaled down (proportions kept) if it has more than ``STORED_MAX_PIXELS``."""
    pixels = image.width * image.height
    if pixels <= STORED_MAX_PIXELS:
        return image
    ratio = (STORED_MAX_PIXELS / pixels) ** 0.5
    size = (max(1, int(image.width * ratio)), max(1, int(image.height * ratio)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode_without_metadata(image: Image.Image, real_format: str) -> bytes:
    out = io.BytesIO()
    if real_format == "JPEG":
        if image.mode not in {"RGB", "L"}:
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=88, optimize=True, progressive=True)
    elif real_format == "PNG":
        if image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    else:
        if image.mode not in {"RGB", "RGBA"}:
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        image.save(out, "WEBP", quality=85, method=4)
    # ``Image.save`` writes no EXIF/XMP/ICC unless asked to, so the copy carries none.
    return out.getvalue()


def random_image_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"
