"""Signed links: the thank-you page, and expiring single-use cancel/reschedule links."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Booking

THANKS_SALT = "leads.thanks"
MANAGE_SALT = "leads.manage"
THANKS_MAX_AGE = timedelta(days=14)


class LinkInvalid(Exception):
    """The link is forged, expired, already used, or its booking is no longer active."""


def thanks_token(payload: dict) -> str:
    """A signed token for the thank-you page (a request id, or what a bot is shown)."""
    return signing.dumps(payload, salt=THANKS_SALT, compress=True)


def read_thanks_token(token: str) -> dict:
    """The payload of a thank-you token; raises ``LinkInvalid``."""
    try:
        return signing.loads(token, salt=THANKS_SALT, max_age=THANKS_MAX_AGE)
    except signing.BadSignature as error:
        raise LinkInvalid("This page has expired.") from error


def manage_token(booking: Booking, action: str) -> str:
    """A signed token for ``action`` ("cancel" or "reschedule") on ``booking``."""
    return signing.dumps({"b": booking.pk, "n": booking.link_nonce.hex, "a": action}, salt=MANAGE_SALT)


def manage_url(booking: Booking, action: str, *, absolute: bool = True) -> str:
    """The (absolute) address of a cancel/reschedule link."""
    path = reverse("leads:manage", args=[action, manage_token(booking, action)])
    return f"{settings.SITE_URL}{path}" if absolute else path


def read_manage_token(token: str, action: str) -> Booking:
    """The active booking a link is for; raises ``LinkInvalid`` if expired, used or forged."""
    max_age = timedelta(days=settings.LEADS_LINK_MAX_AGE_DAYS)
    try:
        data = signing.loads(token, salt=MANAGE_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkInvalid("This link has expired.") from error
    except signing.BadSignature as error:
        raise LinkInvalid("This link is not valid.") from error
    if not isinstance(data, dict) or data.get("a") != action:
        raise LinkInvalid("This link is not valid.")
    booking = Booking.objects.select_related("request").filter(pk=data.get("b")).first()
    if booking is None or booking.link_nonce.hex != data.get("n") or booking.status != Booking.State.ACTIVE:
        raise LinkInvalid("This link has already been used, or the call was changed since.")
    return booking
