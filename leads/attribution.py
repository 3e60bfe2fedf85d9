"""Where a visitor came from: the page whose call to action they clicked, UTM tags, referrer.

Captured on the first view of the booking page and carried through the steps in a
signed token (``a``), so later steps cannot be used to forge it and nothing is stored
for visitors who never submit.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core import signing
from django.http import HttpRequest

SALT = "leads.attribution"
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
LIMITS = {"from": 300, "referrer": 500, **dict.fromkeys(UTM_KEYS, 100)}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_text(value: str, limit: int) -> str:
    """Drop control characters (NUL included) and cut to ``limit`` characters."""
    return _CONTROL.sub("", value or "")[:limit].strip()


def clean_source_page(value: str) -> str:
    """Only a local path (``/articles/x/``) is kept as the source page."""
    value = clean_text(value, LIMITS["from"])
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return ""
    return value


def capture(request: HttpRequest) -> dict[str, str]:
    """Attribution from this request's query string and Referer header."""
    data = {"from": clean_source_page(request.GET.get("from", ""))}
    referrer = clean_text(request.META.get("HTTP_REFERER", ""), LIMITS["referrer"])
    # static/js/attribution.js passes the external site that started the visit as ``ref``.
    first_referrer = clean_text(request.GET.get("ref", ""), LIMITS["referrer"])
    data["referrer"] = first_referrer if first_referrer.startswith(("http://", "https://")) else referrer
    if not data["from"] and referrer:
        parts = urlsplit(referrer)
        if parts.netloc == request.get_host() and not parts.path.startswith("/strategy-call/"):
            data["from"] = clean_source_page(parts.path)
    for key in UTM_KEYS:
        data[key] = clean_text(request.GET.get(key, ""), LIMITS[key])
    return {key: value for key, value in data.items() if value}


def dumps(data: dict[str, str]) -> str:
    """Sign attribution for carrying it in links and hidden fields."""
    return signing.dumps(data, salt=SALT, compress=True)


def loads(token: str) -> dict[str, str] | None:
    """Attribution from a token, or None if missing or tampered with."""
    if not token or len(token) > 4000:
        return None
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return {
        key: clean_text(str(value), LIMITS[key]) for key, value in data.items() if key in LIMITS and value
    }


def for_request(request: HttpRequest, token: str | None) -> tuple[dict[str, str], str]:
    """The visit's attribution (from the token, else captured now) and its token."""
    data = loads(token or "")
    if data is None:
        data = capture(request)
    return data, dumps(data)
