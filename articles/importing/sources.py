"""Find the files to import and read each one safely into text.

Every way a file can be unusable (missing, empty, binary, not UTF-8, far too large)
becomes an ``ImportProblem`` with a message a person can act on.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from pathlib import Path

from mindlab.plain_text import control_character_problem

from .document import ImportProblem

TEXT_SUFFIXES = {".md", ".markdown", ".mdown", ".txt", ".text"}
LIBRARY_SUFFIXES = {".json", ".bib"}
# A long article is ~100 KB of text; anything far beyond that is not a page.
MAX_FILE_BYTES = 2 * 1024 * 1024


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files and folders into files to import (sorted), plus (path, problem) pairs."""
    found: list[Path] = []
    problems: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = sorted(
                candidate
                for candidate in path.rglob("*")
                if candidate.is_file()
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
                and candidate.suffix.lower() in TEXT_SUFFIXES | LIBRARY_SUFFIXES
            )
            if not candidates:
                problems.append((str(path), "this folder holds no .md, .txt, .json or .bib files"))
        elif path.is_file():
            candidates = [path]
        elif path.exists():
            problems.append((str(path), "not a regular file"))
            continue
        else:
            problems.append((str(path), "no such file or folder"))
            continue
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.append(candidate)
    return found, problems


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text with Unix newlines; raises ``ImportProblem`` for unusable files."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportProblem(f"cannot read the file: {error.strerror or error}") from error
    if size == 0:
        raise ImportProblem("the file is empty")
    if size > max_bytes:
        raise ImportProblem(
            f"the file is {_size(size)}; the largest page this importer accepts is {_size(max_bytes)}. "
            "Split it into pages or check that it is the right file"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportProblem(f"cannot read the file: {error.strerror or error}") from error
    text = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportProblem("the file holds only white space")
    if problem := control_character_problem(text):
        raise ImportProblem(problem)
    return text


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused clearly."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportProblem("the file starts like UTF-16 text but is not valid UTF-16") from error
    if b"\x00" in data[:8192] or _looks_binary(data[:8192]):
        raise ImportProblem("this looks like a binary file (an image, PDF or archive?), not a text export")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportProblem(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} on line {line}); "
            "save it as UTF-8 and import it again",
            line=line,
        ) from error
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportProblem("the file contains a NUL character; remove it and import again", line=line)
    return text


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return control / len(sample) > 0.05


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{count / 1024:.0f} KB"
