"""The Markdown editor's two endpoints, registered under markdownx's URL names.

markdownx's own views answer anyone and trust what the client says; these answer
only staff who may edit content, render through the site's sanitising renderer,
and store uploads only after ``articles.images`` has verified them.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_POST

from .forms import EditorImageUploadForm
from .markdown import markdownify_for_preview


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
    url = form.save()
    return JsonResponse({"image_code": f"![Describe this image]({url})"})
