"""DOI lookup: a work's metadata from Crossref's public API, as CSL-JSON.

Uses ``GET {CROSSREF_API_URL}/works/{doi}/transform/application/vnd.citationstyles.csl+json``.
The base URL is a setting so tests (and mirrors) can point elsewhere.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from . import doi as doi_utils
from .parsing.base import ParsedReference

_TAGS = re.compile(r"<[^>]+>")


class DOILookupError(Exception):
    """The lookup failed; the message says why in words an editor understands."""


def lookup_doi(value: str) -> ParsedReference:
    """Fetch the work with this DOI (any common spelling) from Crossref."""
    try:
        bare = doi_utils.normalise_doi(value)
    except doi_utils.InvalidDOI as error:
        raise DOILookupError(str(error)) from error
    if not bare:
        raise DOILookupError("Enter a DOI to look up.")
    base = getattr(settings, "CROSSREF_API_URL", "https://api.crossref.org").rstrip("/")
    url = f"{base}/works/{urllib.parse.quote(bare.lower(), safe='/')}/transform/application/vnd.citationstyles.csl+json"
    agent = "MindLAB-CMS/1.0"
    mailto = getattr(settings, "CROSSREF_MAILTO", "")
    if mailto:
        agent += f" (mailto:{mailto})"
    request = urllib.request.Request(  # noqa: S310 - the scheme comes from a setting
        url, headers={"Accept": "application/vnd.citationstyles.csl+json", "User-Agent": agent}
    )
    timeout = getattr(settings, "CROSSREF_TIMEOUT", 8)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(2_000_000)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise DOILookupError(f"Crossref does not know the DOI {bare}; check it for typos.") from error
        raise DOILookupError(f"Crossref answered with an error ({error.code}); try again later.") from error
    except TimeoutError as error:
        raise DOILookupError(f"Crossref did not answer within {timeout} seconds; try again later.") from error
    except (urllib.error.URLError, OSError) as error:
        raise DOILookupError(
            "Could not reach Crossref (the server may be offline); enter the details by hand or try later."
        ) from error
    try:
        item = json.loads(body)
    except ValueError as error:
        raise DOILookupError("Crossref sent an answer that is not CSL-JSON; try again later.") from error
    if isinstance(item, dict) and isinstance(item.get("message"), dict):
        item = item["message"]  # the plain /works/{doi} shape
    if not isinstance(item, dict):
        raise DOILookupError("Crossref sent an answer that is not CSL-JSON; try again later.")
    return _clean(item, bare)


def _clean(item: dict, bare: str) -> ParsedReference:
    csl = {k: v for k, v in item.items() if k not in {"id", "reference", "license", "link", "assertion"}}
    for name in ("title", "container-title", "publisher"):
        value = csl.get(name)
        if isinstance(value, list):
            value = value[0] if value else ""
        if isinstance(value, str):
            csl[name] = " ".join(_TAGS.sub("", value).split())
    registered = doi_utils.strip_doi(str(csl.get("DOI") or ""))
    # The registry's own spelling of the DOI when it is the one asked for (DOIs ignore case).
    csl["DOI"] = registered if registered.lower() == bare.lower() else bare
    if not csl.get("issued") and csl.get("published"):
        csl["issued"] = csl["published"]
    result = ParsedReference(csl=csl, source=f"Crossref: {bare}")
    if not csl.get("title"):
        result.flag("title", "Crossref has no title for this DOI.")
    return result
