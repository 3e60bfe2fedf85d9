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
    """Expand files and folders into files to import (sorted), plus (path, problem) pairs.

    Symbolic links are refused, given or found in a folder (a link can point anywhere on
    the machine), and so is any file whose real location is outside the folder it was
    found in; each refusal is reported with its path.
    """
    found: list[Path] = []
    problems: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_symlink():
            problems.append((str(path), "a symbolic link; give the real file or folder instead"))
            continue
        if path.is_dir():
            candidates, refused = _folder_files(path)
            problems.extend(refused)
            if not candidates and not refused:
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


def roots(paths: Iterable[str | Path]) -> list[Path]:
    """The folders an import may read from: each folder given, and the folder of each file given."""
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_symlink() or not path.exists():
            continue
        found.append((path if path.is_dir() else path.parent).resolve())
    return found


def inside(path: Path, folders: Iterable[Path]) -> bool:
    """True when ``path`` (resolved) lies in one of ``folders`` (resolved)."""
    real = path.resolve()
    return any(real == folder or real.is_relative_to(folder) for folder in folders)


def _folder_files(folder: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """Importable files under ``folder`` (hidden ones skipped); links and escapes refused."""
    root = folder.resolve()
    files: list[Path] = []
    refused: list[tuple[str, str]] = []
    for candidate in sorted(folder.rglob("*")):
        relative = candidate.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if any(
            (folder / Path(*relative.parts[:depth])).is_symlink() for depth in range(1, len(relative.parts))
        ):
            continue  # under a linked folder: the link itself is reported
        if candidate.is_symlink():
            if candidate.is_dir() or candidate.suffix.lower() in TEXT_SUFFIXES | LIBRARY_SUFFIXES:
                refused.append((str(candidate), "a symbolic link; it was not followed"))
            continue
        if not candidate.is_file() or candidate.suffix.lower() not in TEXT_SUFFIXES | LIBRARY_SUFFIXES:
            continue
        if not inside(candidate, [root]):
            refused.append((str(candidate), "outside the folder being imported; it was not read"))
            continue
        files.append(candidate)
    return files, refused


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
