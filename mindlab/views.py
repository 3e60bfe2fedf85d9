from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.static import serve

from mindlab import site
from mindlab.pagecache import cached_for_readers

# Uploaded files are images only; anything else is offered as a download, never a page.
INLINE_MEDIA_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve an uploaded file from MEDIA_ROOT so that it can never run as a page."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # a name the file system cannot even look up (too long, ...)
        raise Http404("No such file.") from error
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if PurePosixPath(path).suffix.lower() not in INLINE_MEDIA_SUFFIXES:
        response.headers["Content-Disposition"] = "attachment"
        response.headers["Content-Type"] = "application/octet-stream"
    else:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@cached_for_readers
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice of the site settings (``/privacy/``)."""
    record = site.settings()
    return render(
        request,
        "privacy.html",
        {"notice": mark_safe(record.privacy_html), "record": record},  # noqa: S308 - sanitised on save
    )
