"""Bring existing content in: Markdown with front matter and plain-text page exports.

``import_paths`` is what ``manage.py import_content`` runs: it reads every file,
recognises its structure, then stores each document in its own transaction and
returns an ``ImportReport``. Bad files are reported and skipped; the rest continue.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import DatabaseError, transaction

from . import frontmatter, plaintext, sources
from .document import Document, ImportProblem
from .images import ImageCopier
from .mapping import Mapper, Options
from .report import ImportReport, Outcome

__all__ = ["ImportProblem", "ImportReport", "Options", "import_paths", "read_document"]

# Libraries first (citations), then what pages point at (pillars, authors), hubs, articles.
KIND_ORDER = {"library": 0, "pillar": 1, "author": 2, "hub": 3, "article": 4}

Progress = Callable[[int, int, str], None]


class _DryRunRollback(Exception):
    pass


def read_document(path: Path) -> Document:
    """Read and recognise one file (no database access). Raises ``ImportProblem``."""
    text = sources.read_text(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportProblem(
                f"not valid JSON (line {error.lineno}: {error.msg})", line=error.lineno
            ) from error
        from .citations import library_items

        try:
            items = library_items(data)
        except ValueError as error:
            raise ImportProblem(f"not a CSL-JSON library: {error}") from error
        doc = Document(path=str(path), kind="library", source_format="csl-json")
        doc.extra["items"] = items
        return doc
    if suffix == ".bib":
        from references.api import ParseError, parse_file

        try:
            parsed = parse_file(path.name, text)
        except ParseError as error:
            raise ImportProblem(f"not a BibTeX library: {error}") from error
        doc = Document(path=str(path), kind="library", source_format="bibtex")
        doc.extra["items"] = [item.csl for item in parsed]
        return doc
    is_markdown_file = suffix in {".md", ".markdown", ".mdown"} and frontmatter.looks_like_markdown(text)
    if frontmatter.has_front_matter(text) or is_markdown_file:
        doc = frontmatter.parse(text, str(path))
    else:
        doc = plaintext.parse(text, str(path))
    doc.extra["source_text"] = text
    return doc


def import_paths(
    paths: Iterable[str | Path],
    options: Options | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import files and folders; one transaction per document; never raises for bad input."""
    report = ImportReport(dry_run=dry_run)
    paths = list(paths)
    files, problems = sources.discover(paths)
    for path, message in problems:
        report.add(Outcome(path, "skipped", message=message))
    documents: list[Document] = []
    for path in files:
        try:
            documents.append(read_document(path))
        except ImportProblem as error:
            report.add(Outcome(str(path), "skipped", message=str(error)))
            if error.line:
                report.warn(path, error.line, str(error))
        except (ValueError, RecursionError, MemoryError) as error:
            report.add(Outcome(str(path), "skipped", message=f"could not be read: {error}"))
    documents.sort(key=lambda doc: KIND_ORDER.get(doc.kind, 9))
    images = ImageCopier(sources.roots(paths), dry_run=dry_run)
    for doc in documents:
        if doc.kind != "library":
            images.bring_in(doc)  # relative images copied into media (or reported) before mapping
    mapper = Mapper(options)

    def store_all() -> None:
        for number, doc in enumerate(documents, start=1):
            _store(mapper, doc, report)  # each document commits on its own (a savepoint in a dry run)
            if progress is not None:
                progress(number, len(documents), doc.path)

    if not dry_run:
        store_all()
        return report
    try:
        with transaction.atomic():  # later documents see earlier ones, then everything is undone
            store_all()
            raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def _store(mapper: Mapper, doc: Document, report: ImportReport) -> None:
    notes_before = len(doc.notes)
    try:
        with transaction.atomic():
            saved = mapper.save(doc)
    except ImportProblem as error:
        _forget_done(doc, notes_before)
        report.add(Outcome(doc.path, "skipped", doc.kind, doc.slug, str(error)))
        if error.line:
            report.warn(doc.path, error.line, str(error))
    except DatabaseError as error:
        _forget_done(doc, notes_before)
        first = str(error).strip().split("\n", 1)[0]
        report.add(Outcome(doc.path, "skipped", doc.kind, doc.slug, f"the database refused it: {first}"))
    except Exception as error:  # one bad document must never stop the others
        _forget_done(doc, notes_before)
        report.add(
            Outcome(
                doc.path,
                "skipped",
                doc.kind,
                doc.slug,
                f"unexpected problem: {type(error).__name__}: {error}",
            )
        )
    else:
        report.add(
            Outcome(
                doc.path, "created" if saved.created else "updated", saved.kind, saved.slug, saved.message
            )
        )
    report.unknown_keys(doc.path, doc.extra.get("unknown_keys", {}))
    for note in doc.notes:
        (report.inform if note.info else report.warn)(doc.path, note.line, note.message)


def _forget_done(doc: Document, since: int) -> None:
    """After a rollback, what the attempt *did* (created X...) no longer holds; its warnings do."""
    doc.notes[since:] = [note for note in doc.notes[since:] if not note.info]
