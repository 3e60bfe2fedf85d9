"""Small middleware and header rules the whole site shares."""

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.utils.csp import build_policy

# The site uses none of these browser features; say so, so embedded content can't either.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"
)


class PermissionsPolicyMiddleware:
    """Add a restrictive ``Permissions-Policy`` header to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class UnusableRequest(SuspiciousOperation):
    """A request no view can use: Django answers 400 with ``templates/400.html``."""


class RefuseUnusableRequestsMiddleware:
    """Answer 400 before any view when the address holds a NUL character.

    No page has a use for one, and PostgreSQL refuses to compare text holding one (a
    lookup by ``/references/%00/`` failed deep in a view). Query strings and form bodies
    are left to the views and forms, which drop or refuse NULs field by field, so a
    visitor arriving through a mangled link still gets the page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            raise UnusableRequest("NUL character in the address")
        return self.get_response(request)


@cache
def _static_policy() -> str:
    return build_policy(settings.SECURE_CSP)


def static_file_headers(headers, path: str, url: str) -> None:
    """WhiteNoise hook: static files carry the same security headers as pages.

    WhiteNoise answers before the CSP, frame and permissions middleware run, so a
    stylesheet or an SVG opened on its own would otherwise lack them.
    """
    headers["Content-Security-Policy"] = _static_policy()
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
