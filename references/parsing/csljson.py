"""CSL-JSON files: a list of items (or one item)."""

from __future__ import annotations

import json

from ..csl import LEGAL_TYPES, legal_refusal
from .base import ParsedReference, ParseError


def parse_csl_json(text: str) -> list[ParsedReference]:
    """Items of a CSL-JSON document; ``ParseError`` when it is not one."""
    try:
        data = json.loads(text or "")
    except json.JSONDecodeError as error:
        raise ParseError(f"CSL-JSON, line {error.lineno}: {error.msg}.") from error
    if isinstance(data, dict):
        data = data.get("items", [data]) if "items" in data else [data]
    if not isinstance(data, list):
        raise ParseError("CSL-JSON: expected a list of items.")
    results = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ParseError(f"CSL-JSON, item {number}: expected an object with “title”, “author”, …")
        result = ParsedReference(csl=dict(item), source=f"CSL-JSON item {number}")
        if str(item.get("type") or "").strip() in LEGAL_TYPES:
            result.flag("reference", legal_refusal(item))  # refused: see csl.LEGAL_MESSAGE
        if not item.get("title"):
            result.flag("title", f"Item {number} has no title.")
        if not item.get("issued"):
            result.flag("year", f"Item {number} has no date (issued).")
        results.append(result)
    return results
