"""Personal and organisational names, in CSL-JSON's shape.

A name is a dict: ``{"family": "Coan", "given": "James A."}`` for a person or
``{"literal": "World Health Organization"}`` for an organisation.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TypedDict


class Name(TypedDict, total=False):
    family: str
    given: str
    literal: str
    suffix: str  # "Jr.", "III"
    particle: str  # a dropping particle, after the initials: "Humboldt, A. von"
    role: str  # who a creator other than the author is: "Director", "Host", "Executive Producer"


# Lower-case name particles ("von", "van der", "de la"): after the given names they are
# dropping particles ("Beethoven, Ludwig van"), before the family name part of it ("van Gogh").
PARTICLES = frozenset(
    [
        "von",
        "van",
        "de",
        "der",
        "den",
        "des",
        "del",
        "della",
        "di",
        "da",
        "das",
        "dos",
        "du",
        "la",
        "le",
        "ten",
        "ter",
        "zu",
        "zum",
        "zur",
        "vom",
    ]
)


def split_dropping_particle(given: str) -> tuple[str, str]:
    """``"Ludwig van"`` -> ``("Ludwig", "van")``; ``"A. de la"`` -> ``("A.", "de la")``.

    The trailing lower-case particle words of a given name (as written "Family, Given particle").
    """
    words = (given or "").split()
    cut = len(words)
    while cut > 0 and words[cut - 1] in PARTICLES:
        cut -= 1
    if cut == len(words):
        return (given or "").strip(), ""
    return " ".join(words[:cut]), " ".join(words[cut:])


def clean_name(name: dict) -> Name:
    """Keep only the keys we store, stripped; drop empty names."""

    def text(key: str) -> str:
        return str(name.get(key) or "").replace("\x00", "").strip()

    literal, family, given, particle = (
        text("literal"),
        text("family"),
        text("given"),
        text("non-dropping-particle"),
    )
    if particle and family:
        family = f"{particle} {family}"
    if literal:
        out_literal: Name = {"literal": literal}
        if text("role"):
            out_literal["role"] = text("role")
        return out_literal
    if family:
        out: Name = {"family": family}
        if given:
            out["given"] = given
        suffix = text("suffix")
        if suffix:
            out["suffix"] = suffix
        dropping = text("dropping-particle") or text("particle")
        if dropping:
            out["particle"] = dropping
        role = text("role")
        if role:
            out["role"] = role
        return out
    if given:
        return {"literal": given}
    return {}


def clean_names(names: list | None) -> list[Name]:
    return [name for name in (clean_name(n) for n in (names or []) if isinstance(n, dict)) if name]


def initials(given: str) -> str:
    """``"James Andrew"`` -> ``"J. A."``; ``"Jean-Paul"`` -> ``"J.-P."``; ``"J.A."`` -> ``"J. A."``."""
    given = re.sub(r"\.(?=[^\s-])", ". ", (given or "").strip())
    out = []
    for part in given.split():
        pieces = [p for p in part.rstrip(".").split("-") if p]
        if not pieces:
            continue
        letters = []
        for piece in pieces:
            letter = piece[0]
            # keep digraphs written as initials, e.g. "Th." stays "Th."
            if part.endswith(".") and len(piece) == 2 and piece[1].islower() and len(pieces) == 1:
                letter = piece
            letters.append(letter.upper() + letter[1:] + ".")
        out.append("-".join(letters))
    return " ".join(out)


def is_organisation(name: Name) -> bool:
    return "literal" in name


def family_or_literal(name: Name) -> str:
    return name.get("literal") or name.get("family", "")


def reference_name(name: Name) -> str:
    """As in a reference list: ``Coan, J. A.`` or ``World Health Organization``."""
    if is_organisation(name):
        return name["literal"]
    given = " ".join(x for x in (initials(name.get("given", "")), name.get("particle", "")) if x)
    out = f"{name['family']}, {given}" if given else name["family"]
    return f"{out}, {name['suffix']}" if name.get("suffix") else out


def editor_name(name: Name) -> str:
    """As editors in a chapter entry: ``J. A. Coan``."""
    if is_organisation(name):
        return name["literal"]
    parts = [
        initials(name.get("given", "")),
        name.get("particle", ""),
        name["family"],
        name.get("suffix", ""),
    ]
    return " ".join(p for p in parts if p)


def fold(text: str) -> str:
    """Lower-case ASCII for sorting and matching (``Mäkinen`` -> ``makinen``)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def group_key(names: list[Name]) -> str:
    """Identifies an author group for year suffixes: same names, same order."""
    parts = []
    for name in names:
        if is_organisation(name):
            parts.append(fold(name["literal"]))
        else:
            parts.append(f"{fold(name['family'])},{fold(initials(name.get('given', '')))}")
    return ";".join(parts)[:500]
