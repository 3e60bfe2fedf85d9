"""Uploads are processed within a memory budget, measured as the peak memory of a real process.

A 4 KB 1-bit PNG can declare 36 megapixels; decoding it cost ~170 MB, and a 30 MP JPEG
~230 MB. Now the PNG is refused before decoding and the JPEG is decoded at a reduced
scale and stored at most 12 MP.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
MEASURE = """
import os, resource, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from articles.images import clean_uploaded_image
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    image = clean_uploaded_image(SimpleUploadedFile("upload", data))
    outcome = f"stored {image.width}x{image.height}"
except ValidationError as error:
    outcome = "refused " + " ".join(error.messages)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(outcome)
print((after - before) // 1024)
"""


def peak_megabytes(path: Path) -> tuple[str, int]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mindlab.test_settings", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    outcome, megabytes = result.stdout.strip().splitlines()[-2:]
    return outcome, int(megabytes)


@pytest.fixture(scope="module")
def images(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("uploads")
    bomb = io.BytesIO()
    Image.new("1", (6000, 6000)).save(bomb, "PNG", optimize=True)
    (folder / "bomb.png").write_bytes(bomb.getvalue())
    gradient = Image.linear_gradient("L").resize((6708, 4472))
    photo = io.BytesIO()
    Image.merge("RGB", (gradient, gradient, gradient)).save(photo, "JPEG", quality=80)
    (folder / "photo.jpg").write_bytes(photo.getvalue())
    return {"bomb": folder / "bomb.png", "photo": folder / "photo.jpg"}


def test_a_tiny_png_declaring_36_megapixels_is_refused_before_decoding(images):
    assert images["bomb"].stat().st_size < 10_000
    outcome, megabytes = peak_megabytes(images["bomb"])
    assert outcome.startswith("refused ") and "at most 16 megapixels" in outcome, outcome
    assert megabytes < 10, megabytes


def test_a_30_megapixel_photo_is_decoded_small_and_stored_within_12_megapixels(images):
    outcome, megabytes = peak_megabytes(images["photo"])
    width, height = (int(n) for n in outcome.removeprefix("stored ").split("x"))
    assert width * height <= 12_000_000
    assert abs(width / height - 6708 / 4472) < 0.01
    assert megabytes < 100, megabytes  # was ~230 MB before the budget
