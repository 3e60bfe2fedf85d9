"""Abuse checks for the booking form: honeypot, signed time-to-submit, per-IP rate limit.

Failing the honeypot or the timing check never drops a request: it is stored like any
other, flagged for intake's review (``StrategyCallRequest.review_reason``), its time held
until intake marks it as spam. Replays and double clicks are answered by the idempotency
key (``leads.booking``).
"""

from __future__ import annotations

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from mindlab.client_address import client_address

TIMESTAMP_SALT = "leads.form-started"
HONEYPOT_FIELD = "website"
# A form left open longer than this gets a fresh timestamp and is shown again (not dropped).
FORM_MAX_AGE = 24 * 3600


class Verdict:
    HUMAN = "human"
    BOT = "bot"  # no timestamp, or a forged one
    TOO_FAST = "too_fast"  # a genuine form sent faster than people type: autofill, or a script
    STALE = "stale"  # a real person who left the page open too long: ask them to send again


def form_timestamp(now: float | None = None) -> str:
    """A signed token recording when the form was shown (with a nonce, so every form differs)."""
    started = int(now if now is not None else time.time())
    return signing.dumps([started, secrets.token_urlsafe(9)], salt=TIMESTAMP_SALT)


def check_timestamp(token: str, now: float | None = None) -> str:
    """``Verdict`` for a submitted timestamp token: forged or missing is ``BOT``, too quick ``TOO_FAST``."""
    now = now if now is not None else time.time()
    try:
        started = signing.loads(token or "", salt=TIMESTAMP_SALT)
    except signing.BadSignature:
        return Verdict.BOT
    if not (isinstance(started, list) and len(started) == 2 and isinstance(started[0], int)):
        return Verdict.BOT
    elapsed = now - started[0]
    if elapsed < 0:
        return Verdict.BOT  # signed in the future: not a form we showed
    if elapsed < settings.LEADS_MIN_SUBMIT_SECONDS:
        return Verdict.TOO_FAST
    if elapsed > FORM_MAX_AGE:
        return Verdict.STALE
    return Verdict.HUMAN


def honeypot_filled(data) -> bool:
    """True if the field hidden from people was filled in."""
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


def rate_limited(request: HttpRequest) -> bool:
    """Count one submission for this client address; True once it exceeds ``LEADS_RATE_LIMIT`` per window."""
    window = settings.LEADS_RATE_LIMIT_WINDOW
    bucket = int(time.time() // window)
    ip_hash = hashlib.sha256((client_address(request) or "unknown").encode()).hexdigest()[:32]
    key = f"leads:rate:{ip_hash}:{bucket}"
    cache.add(key, 0, timeout=window + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 60)
        count = 1
    return count > settings.LEADS_RATE_LIMIT
