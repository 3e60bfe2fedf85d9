"""The Markdown editor's two endpoints, registered under markdownx's URL names.

markdownx's own views answer anyone and trust what the client says; these answer
only staff who may edit content, render through the site's sanitising renderer,
and store uploads only after ``articles.images`` has verified them.
"""

from __future__ import annotations

import logging
from functools import wraps

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_POST
from markdownx.widgets import AdminMarkdownxWidget

from .forms import EditorImageUploadForm
from .image_alt import PLACEHOLDER_ALT
from .markdown import markdownify_for_preview


class MarkdownEditorWidget(AdminMarkdownxWidget):
    """markdownx's editor with an "Upload an image…" button (keyboard and touch users cannot drop
    files) and help on describing images (``admin/js/mindlab-editor.js`` does the upload)."""

    # In the app (not templates/): form widgets render with the form renderer, which reads app folders.
    template_name = "admin/articles/markdown_widget.html"


logger = logging.getLogger(__name__)


def editor_required(view):
    """Staff with permissions on editorial content; others get a redirect or 403."""

    @staff_member_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (request.user.has_module_perms("articles") or request.user.has_module_perms("references")):
            raise PermissionDenied("Only editors can use the Markdown editor.")
        return view(request, *args, **kwargs)

    return wrapped


@require_POST
@editor_required
def markdown_preview(request: HttpRequest) -> HttpResponse:
    content = request.POST.get("content")
    if content is None:
        return HttpResponseBadRequest("Send the Markdown to preview in the 'content' field.")
    response = HttpResponse(markdownify_for_preview(content))
    response.headers["Cache-Control"] = "no-store"
    return response


@require_POST
@editor_required
def image_upload(request: HttpRequest) -> HttpResponse:
    form = EditorImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        message = " ".join(form.errors.get("image", ["The upload was refused."]))
        return JsonResponse({"error": message, "errors": form.errors}, status=400)
    try:
        url = form.save()
    except OSError:
        logger.exception("Could not store an uploaded image")
        return JsonResponse(
            {
                "error": "The image could not be stored just now; try again in a moment. Your text is unchanged."
            },
            status=503,
        )
    return JsonResponse({"image_code": f"![{PLACEHOLDER_ALT}]({url})"})
