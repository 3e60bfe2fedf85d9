"""What readers are served from Django's cache, and the one rule that makes it stale.

The rule
--------
Everything cached for readers lives in the ``pages`` cache alias under the current
*content version*, ``"<release>.<generation>"``:

* the **generation** is a random token stored in the ``default`` cache (Redis in
  production, shared by every app server and process). Saving or deleting any
  model of a content app (``PAGECACHE_CONTENT_APPS``: ``articles`` and ``references``)
  deletes it, at once and again when the transaction commits; the next request draws
  a new one. It also expires by itself at the next scheduled publication, so a
  scheduled page appears at its time with no cron. Code that writes behind the ORM's
  back (``QuerySet.update()``, ``bulk_create``) calls :func:`invalidate`.
* the **release** is ``PAGECACHE_RELEASE`` (the deployed commit, from ``RELEASE``) plus a
  hash of the static-files manifest: pages of another release link to other CSS/JS.

Entries under an older version are never read again and age out (``PAGECACHE_TIMEOUT``).
A reader whose page was rendered from data changed meanwhile stores it under the
version read *before* rendering, which the change has already retired.

Two things are kept under that version:

* whole responses, by :class:`PageCacheMiddleware` (Django's cache middleware, keyed by
  URL and ``Vary`` as Django keys them), for anonymous ``GET``/``HEAD`` requests without
  a session cookie on the public page types;
* rendered pages, by the view decorator :func:`cached_for_readers`, so that a request the
  middleware does not serve (another query string, a visitor with cookies) costs one
  cache read instead of a render. Staff always get a fresh render, never stored.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.cache import CacheMiddleware
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import get_cache_key, learn_cache_key, patch_cache_control
from django.utils.http import http_date, split_directive_names

ALIAS = "pages"  # what readers are served: local memory, one copy per process
GENERATION_ALIAS = "default"  # the generation: shared by every process and server
GENERATION_KEY = "pagecache:generation"

# Public page types; booking, search, admin and media never are (whatever the path list says).
CACHED_PATHS = re.compile(r"^/(?:$|pillars/|hubs/|articles/|authors/|references/|feed|sitemap|privacy/)")
NEVER_CACHED_PATHS = re.compile(r"^/(?:admin|search|strategy-call|media|static)(?:/|$)")
# Query parameters that select a different page: part of the cache key.
KEY_PARAMS = frozenset({"page", "p"})
KEY_PARAM_PREFIXES = ("utm_",)
# Per-click identifiers added by ad and mail platforms: nothing here reads them, so they are
# dropped from the query string and the visitor shares the bare address's entry.
CLICK_IDS = frozenset({"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid"})
# Any of these in a page means it was rendered for one visitor.
PRIVATE_MARKERS = (b"csrfmiddlewaretoken", b' nonce="')


def _cache():
    return caches[ALIAS]


def _shared():
    return caches[GENERATION_ALIAS]


def _setting(name: str) -> Any:
    return getattr(settings, name)


# --- The version everything is stored under -------------------------------------------


def next_scheduled_publish(now=None) -> float | None:
    """Unix time of the earliest future publish time of any content, or ``None``.

    Pages with a future ``published_at`` in the content apps, and whatever the managers of
    ``PAGECACHE_SCHEDULE_APPS`` report as scheduled (drafts of live pages).
    """
    now = now or timezone.now()
    found = []
    for label in _setting("PAGECACHE_CONTENT_APPS"):
        for model in apps.get_app_config(label).get_models():
            fields = {field.name for field in model._meta.concrete_fields}
            if {"status", "published_at"} <= fields:
                first = model._default_manager.filter(status="published", published_at__gt=now).aggregate(
                    first=Min("published_at")
                )["first"]
                if first is not None:
                    found.append(first.timestamp())
    for label in _setting("PAGECACHE_SCHEDULE_APPS"):
        for model in apps.get_app_config(label).get_models():
            next_scheduled = getattr(model._default_manager, "next_scheduled", None)
            first = next_scheduled(now) if next_scheduled else None
            if first is not None:
                found.append(first.timestamp())
    return min(found, default=None)


# This process's last reading of the generation: ``(state, monotonic time it is good until)``.
_seen: tuple[dict | None, float] = (None, 0.0)


def _current(state: dict | None) -> bool:
    return state is not None and (state["next"] is None or time.time() < state["next"])


def generation() -> dict:
    """The live generation ``{"token", "next"}``: read, or drawn anew when there is none.

    Each process trusts its last reading for ``PAGECACHE_GENERATION_SECONDS`` (1 s): a page
    served from memory then costs no network round trip, which was most of a hit's time.
    An edit made in this process is seen at once (:func:`invalidate` forgets the reading);
    one made in another process or server is seen within that time, well inside what
    browsers and CDNs are allowed to keep (``PAGECACHE_MAX_AGE``, ``PAGECACHE_S_MAXAGE``).
    ``0`` reads the shared cache on every request.
    """
    global _seen
    state, good_until = _seen
    if _current(state) and time.monotonic() < good_until:
        return state
    cache = _shared()
    state = cache.get(GENERATION_KEY)
    if not _current(state):
        drawn = {"token": uuid.uuid4().hex, "next": next_scheduled_publish()}
        timeout = None if drawn["next"] is None else _seconds_until(drawn["next"])
        if state is not None:
            cache.delete(GENERATION_KEY)  # expired, but not yet evicted
        # ``add``: of two processes drawing at once, both end up with the first one's token.
        state = drawn if cache.add(GENERATION_KEY, drawn, timeout) else (cache.get(GENERATION_KEY) or drawn)
    _seen = (state, time.monotonic() + _setting("PAGECACHE_GENERATION_SECONDS"))
    return state


@functools.cache
def release() -> str:
    """``PAGECACHE_RELEASE`` and the static-files manifest's hash (fixed for a process)."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    parts = [str(_setting("PAGECACHE_RELEASE"))]
    manifest_name = getattr(staticfiles_storage, "manifest_name", None)  # only manifest storages
    if manifest_name:
        try:
            with staticfiles_storage.manifest_storage.open(manifest_name) as manifest:
                parts.append(hashlib.blake2b(manifest.read(), digest_size=8).hexdigest())
        except FileNotFoundError:
            parts.append("no-manifest")
    return "-".join(parts)


def _release_setting_changed(setting: str, **kwargs) -> None:
    if setting in ("PAGECACHE_RELEASE", "STORAGES"):
        release.cache_clear()


setting_changed.connect(_release_setting_changed)


def _seconds_until(moment: float) -> int:
    return max(1, math.ceil(moment - time.time()))


def entry_timeout(state: dict) -> int:
    """Seconds to keep an entry: ``PAGECACHE_TIMEOUT``, never past the next publication."""
    timeout = _setting("PAGECACHE_TIMEOUT")
    return timeout if state["next"] is None else min(timeout, _seconds_until(state["next"]))


def retire_generation() -> None:
    """Start a new generation now, in this process and the shared cache (no transaction)."""
    global _seen
    _seen = (None, 0.0)
    _shared().delete(GENERATION_KEY)


def invalidate() -> None:
    """Content changed: start a new generation now and again when the transaction commits."""
    retire_generation()
    transaction.on_commit(retire_generation)


def _on_content_change(sender, raw: bool = False, **kwargs) -> None:
    if not raw and sender._meta.app_label in _setting("PAGECACHE_CONTENT_APPS"):
        invalidate()


def _on_m2m_change(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        _on_content_change(sender, **kwargs)


def connect_signals() -> None:
    """Listen to every model's writes; the app label is tested per signal."""
    post_save.connect(_on_content_change, dispatch_uid="pagecache-post-save")
    post_delete.connect(_on_content_change, dispatch_uid="pagecache-post-delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="pagecache-m2m")


# --- Who may be served what ----------------------------------------------------------


def _is_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and user.is_staff


def key_query(query_string: str) -> str | None:
    """The query string without click ids, if every other parameter selects a page; else ``None``."""
    kept = []
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if name in CLICK_IDS:
            continue
        if name not in KEY_PARAMS and not name.startswith(KEY_PARAM_PREFIXES):
            return None
        kept.append((name, value))
    return urlencode(sorted(kept))


def is_storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Can this fresh response be shown to every anonymous visitor?"""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if set(split_directive_names(response.get("Cache-Control", ""))) & {"private", "no-cache", "no-store"}:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - {"cookie", "accept-encoding"}:
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False  # the policy names a nonce made for this response alone
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    return not any(marker in response.content for marker in PRIVATE_MARKERS)


def _version(request: HttpRequest) -> tuple[str, dict]:
    """The content version for this request: read once, before anything is rendered."""
    if not hasattr(request, "content_version"):
        state = generation()
        request.content_version = (f"{release()}.{state['token']}", state)
    return request.content_version


def _in_one_piece(response: HttpResponse) -> HttpResponse:
    """Join a body written in chunks (the feeds write theirs line by line) into one.

    A server sends each chunk of a response separately; served from the cache, a feed of
    hundreds of small writes took ~8 ms where the same bytes in one piece take ~1 ms.
    """
    response.content = response.content
    return response


# --- Rendered pages --------------------------------------------------------------------


def _page_selector(request: HttpRequest, selecting: tuple[str, ...] = ()) -> str:
    """The address and the parameters that select a different page (``?page=``, ``?p=``).

    ``selecting`` names a view's own parameters that change what it shows (a filter, a
    search within a list): their values, whole, make a digest. The whole selector is hashed
    as Django's own cache keys are: an address can be any length and hold any character,
    and a key must stay short and ASCII for every cache backend.
    """
    chosen = [(name, request.GET[name][:20]) for name in sorted(KEY_PARAMS) if name in request.GET]
    selected = [(name, request.GET[name]) for name in sorted(selecting) if request.GET.get(name)]
    if selected:
        chosen.append(("selecting", hashlib.sha256(urlencode(selected).encode()).hexdigest()[:32]))
    selector = f"{request.path}?{urlencode(chosen)}"
    return hashlib.md5(selector.encode(), usedforsecurity=False).hexdigest()


def cached_for_readers(
    view: Callable[..., HttpResponse] | None = None, *, selecting: tuple[str, ...] = ()
) -> Callable[..., HttpResponse]:
    """View decorator: the rendered page is kept for readers while the content version holds.

    Like Django's ``cache_page``, but keyed on the content version and on what selects the
    page (its address, page number and the ``selecting`` parameters of the view; other
    query parameters change nothing a page shows), and bypassed for staff. The view's
    response is kept before the middleware adds its headers (CSP, cookies, caching), so
    each request still gets its own. Only what :func:`is_storable` allows is kept. Use as
    ``@cached_for_readers`` or ``@cached_for_readers(selecting=("pillar",))``.
    """
    if view is None:
        return functools.partial(cached_for_readers, selecting=selecting)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _setting("PAGECACHE_ENABLED") or _is_staff(request) or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version, state = _version(request)
        cache_key = f"rendered:{version}:{_page_selector(request, selecting)}"
        response = _cache().get(cache_key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response.render()
        if is_storable(request, response):
            _cache().set(cache_key, _in_one_piece(response), entry_timeout(state))
        return response

    return wrapper


# --- Whole responses -------------------------------------------------------------------


class PageCacheMiddleware(CacheMiddleware):
    """Django's cache middleware for anonymous readers, under the content version.

    Sits right after WhiteNoise, so a hit skips sessions, CSRF, authentication and the
    view. The stock middleware keys pages by a fixed prefix; here the prefix is the
    content version read when the request arrives (the only reason to override its two
    methods). Every response it serves or stores tells browsers and CDNs to revalidate
    (``ETag``, ``Last-Modified``, ``s-maxage``), and never past the next publication.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        super().__init__(get_response, page_timeout=_setting("PAGECACHE_TIMEOUT"), cache_alias=ALIAS)
        self.enabled = _setting("PAGECACHE_ENABLED")
        self.private_cookies = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)

    def _serves(self, request: HttpRequest) -> bool:
        if not self.enabled or request.method not in ("GET", "HEAD"):
            return False
        path = request.path_info
        if not CACHED_PATHS.match(path) or NEVER_CACHED_PATHS.match(path):
            return False
        if any(name in request.COOKIES for name in self.private_cookies):
            return False  # someone with a session (maybe signed in) or pending messages
        query = key_query(request.META.get("QUERY_STRING", ""))
        if query is None:
            return False
        request.META["QUERY_STRING"] = query  # click ids dropped: they select nothing
        return True

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        request.page_cache = None
        if not self._serves(request):
            return None
        version, state = _version(request)
        request.page_cache = "miss"
        key = get_cache_key(request, version, "GET", cache=self.cache)
        response = self.cache.get(key) if key is not None else None
        if response is None:
            return None
        request.page_cache = "hit"
        return self._label(response, state, "hit")

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(request, "page_cache", None) != "miss" or not is_storable(request, response):
            return response
        version, state = _version(request)
        _in_one_piece(response)
        response["ETag"] = '"' + hashlib.blake2b(response.content, digest_size=16).hexdigest() + '"'
        response["Last-Modified"] = http_date()
        self._label(response, state, "miss")
        timeout = entry_timeout(state)
        self.cache.set(
            learn_cache_key(request, response, timeout, version, cache=self.cache), response, timeout
        )
        return response

    @staticmethod
    def _label(response: HttpResponse, state: dict, outcome: str) -> HttpResponse:
        max_age = _setting("PAGECACHE_MAX_AGE")
        s_maxage = _setting("PAGECACHE_S_MAXAGE")
        if state["next"] is not None:  # nobody keeps it past the next publication
            max_age = s_maxage = min(max_age, s_maxage, max(0, int(state["next"] - time.time())))
        del response["Cache-Control"]
        patch_cache_control(response, public=True, max_age=max_age, s_maxage=s_maxage, must_revalidate=True)
        response["Expires"] = http_date(time.time() + max_age)
        response["X-Page-Cache"] = outcome
        return response
