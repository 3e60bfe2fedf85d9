"""Two snapshots side by side, with the changed words marked (``<del>`` / ``<ins>``)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import drafts

_TOKENS = re.compile(r"\s+|[^\s\w]|\w+")


ROW_LABELS = {
    "faqs": "FAQs",
    "takeaways": "Key takeaways",
    "links": "Profile links",
    "coauthors": "Co-authors",
}


@dataclass
class ComparedRow:
    label: str
    old: SafeString
    new: SafeString
    changed: bool


def diff_words(old: str, new: str) -> tuple[SafeString, SafeString]:
    """``old`` with removed words in ``<del>``, ``new`` with added words in ``<ins>`` (escaped)."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    # Runs of changes separated only by spaces are marked as one ("<ins>Who helps</ins>").
    merged: list[list] = []
    for number, (op, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < number < len(opcodes) - 1 and not "".join(a[i1:i2]).strip()
        if op == "equal" and between_changes:
            op = "replace"
        if merged and op != "equal" and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = i2, j2
        else:
            merged.append([op, i1, i2, j1, j2])
    left, right = [], []
    for op, i1, i2, j1, j2 in merged:
        removed, added = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - every piece escaped


def _as_text(value) -> str:
    if value is None or value is False:
        return ""
    return "yes" if value is True else str(value)


def _rows_text(rows: list[dict], keep: tuple[str, ...], row_model: type[models.Model]) -> str:
    shown = [name for name in keep if name != "position"]

    def cell(row: dict, name: str) -> str:
        field = row_model._meta.get_field(name)
        text = _as_text(row.get(name))
        return _label(field, text) if isinstance(field, models.ForeignKey) else text  # a co-author by name

    lines = []
    for number, row in enumerate(rows, start=1):
        lines.append(f"{number}. " + "\n   ".join(cell(row, name) for name in shown))
    return "\n".join(lines)


def compare_snapshots(model: type[models.Model], old: dict, new: dict) -> list[ComparedRow]:
    """Every field, row list and the reference list of two snapshots, changed ones marked."""
    compared = []
    old_fields, new_fields = old.get("fields", {}), new.get("fields", {})
    for field in drafts.snapshot_fields(model):
        before, after = _as_text(old_fields.get(field.name)), _as_text(new_fields.get(field.name))
        if isinstance(field, models.ForeignKey):
            before, after = _label(field, before), _label(field, after)
        left, right = diff_words(before, after)
        compared.append(ComparedRow(str(field.verbose_name).capitalize(), left, right, before != after))
    for name, (row_model, keep) in drafts.ROWS.get(model, {}).items():
        before = _rows_text(old.get("rows", {}).get(name, []), keep, row_model)
        after = _rows_text(new.get("rows", {}).get(name, []), keep, row_model)
        left, right = diff_words(before, after)
        label = ROW_LABELS.get(name, name.capitalize())
        compared.append(ComparedRow(label, left, right, before != after))
    if "citations" in old or "citations" in new:
        before = "\n".join(f"@{key}" for key in old.get("citations", []))
        after = "\n".join(f"@{key}" for key in new.get("citations", []))
        left, right = diff_words(before, after)
        compared.append(ComparedRow("References", left, right, before != after))
    return compared


def _label(field: models.ForeignKey, value: str) -> str:
    if not value:
        return ""
    target = field.related_model._default_manager.filter(pk=value).first()
    return str(target) if target is not None else f"(deleted #{value})"
