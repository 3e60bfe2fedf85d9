"""Whole-page cache for anonymous readers, with invalidation that cannot miss an edit.

How it stays correct
--------------------
* One *content generation* lives in Django's cache (``STATE_KEY``). Every
  ``post_save``/``post_delete``/``m2m_changed`` of any model in the content apps
  (``PAGECACHE_CONTENT_APPS``: ``articles`` and ``references`` by default, matched by
  app label, so models added later are covered) deletes it, at once and again when
  the transaction commits. The next request starts a new generation, and every page
  stored under an older one is a miss.
* A generation never outlives the next scheduled publish time (the earliest
  ``published_at`` in the future of any publishable content model), so a scheduled
  article appears at its time with nobody touching anything.
* Entries also expire after ``PAGECACHE_TIMEOUT`` seconds, a safety net for changes
  made behind Django's back (raw SQL, ``QuerySet.update()``); code that writes that
  way calls :func:`invalidate`.

What is cached
--------------
Only anonymous ``GET``/``HEAD`` requests for the public page types (home, pillars,
hubs, articles, authors, feeds, sitemaps) whose query string is empty or holds only
known harmless parameters; and only ``200`` responses that set no cookie, vary on
nothing but ``Cookie``/``Accept-Encoding``, are not marked private/no-store, used no
CSP nonce and contain no CSRF token. Booking, search, admin and media never are.

The middleware sits right after WhiteNoise, so a cached page costs little more than
a static file. It looks up the cache only for requests without a session (or messages)
cookie: without one nobody can be signed in, so the page is the one every anonymous
reader gets. On a miss it lets the rest of the stack run and stores the finished
response with its headers (CSP, frame and permissions policies, ``Vary: Cookie``) once
the checks above pass, which it does after the inner middleware has identified the user.
Cached and fresh responses carry ``ETag``, ``Last-Modified`` and
``Cache-Control: public, max-age=..., s-maxage=..., must-revalidate``; a matching
``If-None-Match``/``If-Modified-Since`` gets a ``304``.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

STATE_KEY = "pagecache:state"
PAGE_KEY_PREFIX = "pagecache:page:"

DEFAULT_CONTENT_APPS = ("articles", "references")
# Paths whose anonymous GET responses may be cached ("/" is matched exactly).
DEFAULT_CACHED_PATHS = r"^/(?:$|pillars/|hubs/|articles/|authors/|feed|sitemap)"
# Never cached, whatever PAGECACHE_PATHS says.
NEVER_CACHED_PATHS = re.compile(r"^/(?:admin|search|strategy-call|media|static)(?:/|$)")
# Query parameters that select a different page: part of the cache key.
KEY_PARAMS = frozenset({"page", "p"})
KEY_PARAM_PREFIXES = ("utm_",)
# Per-click identifiers added by ad and mail platforms: ignored (templates never echo them).
IGNORED_PARAMS = frozenset({"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid"})
# Headers set per response here (or by the server), never stored.
UNSTORED_HEADERS = frozenset({"cache-control", "etag", "last-modified", "expires", "date", "x-page-cache"})
# Any of these in a page means it was rendered for one visitor.
PRIVATE_MARKERS = (b"csrfmiddlewaretoken", b' nonce="')


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def _cache():
    return caches[_setting("PAGECACHE_ALIAS", "default")]


# --- Invalidation ------------------------------------------------------------


# Sent by :func:`invalidate`: content changed in ways no model signal reported, so
# anything derived from content must be assumed stale (``articles.page_parts`` listens).
content_invalidated = Signal()


def _new_generation() -> None:
    """Start a new content generation (now, and again when the current transaction commits)."""
    _cache().delete(STATE_KEY)
    transaction.on_commit(lambda: _cache().delete(STATE_KEY))


def invalidate() -> None:
    """Content changed behind Django's back (``QuerySet.update()``, raw SQL): every cached
    page and every stored page part becomes stale."""
    _new_generation()
    content_invalidated.send(sender=None)


def _content_apps() -> frozenset[str]:
    return frozenset(_setting("PAGECACHE_CONTENT_APPS", DEFAULT_CONTENT_APPS))


def _on_content_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixtures being loaded: ``loaddata`` is followed by a real save or a clear
    if getattr(sender, "derived_content", False):
        return  # rows rendered from content (stored page parts): writing them is no edit
    if sender._meta.app_label in _content_apps():
        _new_generation()


def _on_m2m_change(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        _on_content_change(sender, **kwargs)


def connect_signals() -> None:
    """Listen to every model's changes; the app-label test happens per signal."""
    post_save.connect(_on_content_change, dispatch_uid="pagecache-post-save")
    post_delete.connect(_on_content_change, dispatch_uid="pagecache-post-delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="pagecache-m2m")


def next_scheduled_publish(now=None) -> float | None:
    """Unix time of the earliest future publish time of any content, or ``None``."""
    from django.apps import apps

    now = now or timezone.now()
    earliest = None
    for label in _content_apps():
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            field_names = {field.name for field in model._meta.concrete_fields}
            if not {"status", "published_at"} <= field_names:
                continue
            found = (
                model._default_manager.filter(status="published", published_at__gt=now)
                .aggregate(first=Min("published_at"))
                .get("first")
            )
            if found is not None and (earliest is None or found < earliest):
                earliest = found
    return earliest.timestamp() if earliest is not None else None


def current_state(cache=None, state: dict | None = None) -> dict:
    """The live generation ``{"gen", "next", "since"}``; starts a new one when needed."""
    cache = cache or _cache()
    if state is None:
        state = cache.get(STATE_KEY)
    now = time.time()
    if state is not None and (state["next"] is None or now < state["next"]):
        return state
    state = {"gen": uuid.uuid4().hex, "next": next_scheduled_publish(), "since": now}
    timeout = None if state["next"] is None else max(1, math.ceil(state["next"] - now))
    cache.set(STATE_KEY, state, timeout)
    return state


# --- Which requests and responses ---------------------------------------------


def _cached_paths() -> re.Pattern:
    return re.compile(_setting("PAGECACHE_PATHS", DEFAULT_CACHED_PATHS))


def key_query(query_string: str) -> str | None:
    """The part of the query string that selects the page; ``None`` if it is not cacheable."""
    if not query_string:
        return ""
    kept = []
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if name in IGNORED_PARAMS:
            continue
        if name in KEY_PARAMS or name.startswith(KEY_PARAM_PREFIXES):
            kept.append((name, value))
            continue
        return None
    return urlencode(sorted(kept))


def release_id() -> str:
    """What distinguishes one release's pages from another's: ``PAGECACHE_RELEASE`` (e.g. the
    commit) if set, plus the static-files manifest (hashed CSS/JS names the pages link to)."""
    parts = [str(_setting("PAGECACHE_RELEASE", ""))]
    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    if manifest_name:
        try:
            with staticfiles_storage.manifest_storage.open(manifest_name) as manifest:
                parts.append(hashlib.blake2b(manifest.read(), digest_size=8).hexdigest())
        except OSError:
            parts.append("no-manifest")
    return ":".join(parts)


def _page_key(request: HttpRequest, query: str, release: str = "") -> str:
    where = f"{release}|{request.scheme}://{request.get_host()}{request.path}?{query}"
    return PAGE_KEY_PREFIX + hashlib.blake2b(where.encode(), digest_size=16).hexdigest()


def _is_anonymous(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _nonce_used(request: HttpRequest) -> bool:
    nonce = getattr(request, "_csp_nonce", None)
    return bool(nonce)  # a LazyNonce is true only once something has generated it


def is_storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Can this fresh response be shown to every anonymous visitor?"""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - {"cookie", "accept-encoding"}:
        return False
    if not _is_anonymous(request) or _nonce_used(request):
        return False
    return not any(marker in response.content for marker in PRIVATE_MARKERS)


# --- The middleware -------------------------------------------------------------


class PageCacheMiddleware:
    """Serve anonymous page views from the cache; see the module docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = bool(_setting("PAGECACHE_ENABLED", not settings.DEBUG))
        self.paths = _cached_paths()
        self.timeout = int(_setting("PAGECACHE_TIMEOUT", 600))
        self.max_age = int(_setting("PAGECACHE_MAX_AGE", 30))
        self.s_maxage = int(_setting("PAGECACHE_S_MAXAGE", 60))
        self.local = self._local_tier()
        self._reader = self._state_reader(_cache()) if self.local is not None else None
        # Pages of another release link to static files this one may not have: own keys.
        # The generation stays shared, so edits reach every release during a rolling deploy.
        self.release = release_id() if self.enabled else ""
        self.private_cookies = (settings.SESSION_COOKIE_NAME, _setting("MESSAGE_COOKIE_NAME", "messages"))

    def _read_state(self, cache) -> dict | None:
        """The generation from the shared cache, by the shortest path the backend allows.

        Django's Redis backend builds a new client object on every call (~0.25 ms, most
        of a cache hit's cost); one reused client (thread-safe, pooled) reads the same key
        with the same serializer.
        """
        if self._reader is None:
            return cache.get(STATE_KEY)
        client, serializer = self._reader
        raw = client.get(cache.make_and_validate_key(STATE_KEY))
        return None if raw is None else serializer.loads(raw)

    @staticmethod
    def _state_reader(cache) -> tuple[Any, Any] | None:
        """A reusable Redis client and serializer when the cache is Django's RedisCache."""
        from django.core.cache.backends.redis import RedisCache

        if not isinstance(cache, RedisCache):
            return None
        try:
            return cache._cache.get_client(STATE_KEY), cache._cache._serializer
        except AttributeError:  # a Django whose Redis backend is shaped differently
            return None

    def _local_tier(self) -> LocMemCache | None:
        """A per-process copy of pages in front of a shared (network) cache.

        Saves moving every page over the network; the generation check still goes to
        the shared cache on every request, so correctness does not depend on it.
        """
        wanted = _setting("PAGECACHE_LOCAL", None)
        if wanted is None:
            wanted = not isinstance(_cache(), LocMemCache)
        if not wanted:
            return None
        entries = int(_setting("PAGECACHE_LOCAL_ENTRIES", 500))
        return LocMemCache(
            f"mindlab-pagecache-{id(self)}", {"TIMEOUT": self.timeout, "OPTIONS": {"MAX_ENTRIES": entries}}
        )

    def _key_query(self, request: HttpRequest) -> str | None:
        """The cache key's query part, or ``None`` when this request is never cached."""
        if request.method not in ("GET", "HEAD"):
            return None
        path = request.path_info
        if not self.paths.match(path) or NEVER_CACHED_PATHS.match(path):
            return None
        if any(name in request.COOKIES for name in self.private_cookies):
            return None  # someone with a session (maybe signed in) or pending messages
        return key_query(request.META.get("QUERY_STRING", ""))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.enabled:
            return self.get_response(request)
        query = self._key_query(request)
        if query is None:
            return self.get_response(request)

        cache = _cache()
        key = _page_key(request, query, self.release)
        if self.local is None:
            found = cache.get_many([STATE_KEY, key])
            state = current_state(cache, found.get(STATE_KEY))
            entry = found.get(key)
        else:
            # The generation always comes from the shared cache; the page itself from this
            # process's memory when it holds the current generation's copy.
            state = current_state(cache, self._read_state(cache))
            entry = self.local.get(key)
            if entry is None or entry["gen"] != state["gen"]:
                entry = cache.get(key)
                if entry is not None and entry["gen"] == state["gen"]:
                    self.local.set(key, entry, self._timeout(state))
        if entry is not None and entry["gen"] == state["gen"]:
            return self._respond(request, entry, state, hit=True)

        response = self.get_response(request)
        if not is_storable(request, response):
            return response
        entry = self._entry(response, state)
        cache.set(key, entry, self._timeout(state))
        if self.local is not None:
            self.local.set(key, entry, self._timeout(state))
        return self._respond(request, entry, state, hit=False, response=response)

    def _timeout(self, state: dict) -> int:
        """Seconds to keep an entry: never past the next scheduled publication."""
        if state["next"] is None:
            return self.timeout
        return max(1, min(self.timeout, math.ceil(state["next"] - time.time())))

    def _entry(self, response: HttpResponse, state: dict) -> dict:
        content = response.content
        return {
            "gen": state["gen"],
            "status": response.status_code,
            "headers": [
                (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
            ],
            "content": content,
            "etag": '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"',
            "modified": int(time.time()),
        }

    def _respond(
        self,
        request: HttpRequest,
        entry: dict,
        state: dict,
        *,
        hit: bool,
        response: HttpResponse | None = None,
    ) -> HttpResponse:
        if response is None:
            response = HttpResponse(entry["content"], status=entry["status"])
            for name, value in entry["headers"]:
                response[name] = value
        max_age = self.max_age
        if state["next"] is not None:  # browsers must not keep it past the next publication
            max_age = max(0, min(max_age, int(state["next"] - time.time())))
        s_maxage = self.s_maxage if state["next"] is None else min(self.s_maxage, max_age)
        response["Cache-Control"] = f"public, max-age={max_age}, s-maxage={s_maxage}, must-revalidate"
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["modified"])
        response["X-Page-Cache"] = "hit" if hit else "miss"
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["modified"], response=response
        )
