"""What every parser returns: CSL-JSON plus what it was unsure of."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..csl import fields_from_csl


class ParseError(ValueError):
    """The input cannot be read at all (e.g. malformed BibTeX); the message says where."""


@dataclass
class ParsedReference:
    """One work found in some text or file.

    ``csl`` is a CSL-JSON item (``author``, ``issued``, ``title``, ``container-title``,
    ``DOI`` …). ``uncertain`` names the model fields the parser guessed (``"authors"``,
    ``"year"``, ``"type"``, ``"doi"``, ``"container_title"`` …); ``notes`` explain why,
    in words an editor understands. ``source`` is the text it came from.
    """

    csl: dict[str, Any]
    uncertain: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def fields(self) -> dict[str, Any]:
        """Model field values (``authors``, ``year``, ``doi``, ``unverified_doi`` …)."""
        return fields_from_csl(self.csl)

    def flag(self, field_name: str, note: str) -> None:
        if field_name not in self.uncertain:
            self.uncertain.append(field_name)
        if note and note not in self.notes:
            self.notes.append(note)

    @property
    def is_certain(self) -> bool:
        return not self.uncertain
