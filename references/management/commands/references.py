"""``manage.py references parse|import|export|lookup``: the reference library from the shell."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from references import api
from references.apa import format_reference_text
from references.crossref import DOILookupError, lookup_doi
from references.csl import LEGAL_TYPES
from references.exporters import FORMATS, export
from references.models import Citation
from references.parsing import ParseError, parse_file


class _DryRun(Exception):
    """Raised to roll back a dry run."""


class Command(BaseCommand):
    help = "Parse, import, export and look up references (APA text, BibTeX, RIS, CSL-JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="Print a reference string as CSL-JSON and as APA.")
        parse.add_argument("text", help="One reference, e.g. an APA-style string (quote it).")
        imp = sub.add_parser("import", help="Import files: .txt (APA strings), .bib, .ris, .json (CSL-JSON).")
        imp.add_argument("files", nargs="+")
        imp.add_argument("--dry-run", action="store_true", help="Show what would happen; save nothing.")
        exp = sub.add_parser("export", help="Export the library.")
        exp.add_argument("--format", dest="fmt", choices=sorted(FORMATS), default="csl-json")
        exp.add_argument("--output", "-o", help="Write to this file instead of standard output.")
        lookup = sub.add_parser("lookup", help="Fetch a DOI's metadata from Crossref and print it.")
        lookup.add_argument("doi")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"handle_{action}")(**options)

    def handle_parse(self, text: str, **options) -> None:
        self._print_parsed(api.parse_reference(text))

    def handle_lookup(self, doi: str, **options) -> None:
        try:
            parsed = lookup_doi(doi)
        except DOILookupError as error:
            raise CommandError(str(error)) from error
        self._print_parsed(parsed)

    def _print_parsed(self, parsed) -> None:
        self.stdout.write(json.dumps(parsed.csl, ensure_ascii=False, indent=2, default=str))
        self.stdout.write("\nAPA 7:\n" + format_reference_text(Citation(**parsed.fields)))
        if parsed.uncertain:
            self.stdout.write(self.style.WARNING("\nUnsure about: " + ", ".join(parsed.uncertain)))
            for note in parsed.notes:
                self.stdout.write(f"  - {note}")

    def handle_import(self, files: list[str], dry_run: bool = False, **options) -> None:
        batches = []
        for name in files:
            path = Path(name)
            try:
                content = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"{name}: cannot read it as UTF-8 text ({error}).") from error
            try:
                parsed = parse_file(path.name, content)
            except ParseError as error:
                raise CommandError(f"{name}: {error} Nothing was imported.") from error
            kept = [item for item in parsed if "reference" not in item.uncertain]
            for item in parsed:
                if item not in kept:
                    legal = str(item.csl.get("type") or "").strip() in LEGAL_TYPES
                    why = " ".join(item.notes) if legal else f"not a reference: {item.source[:80]!r}"
                    self.stdout.write(self.style.WARNING(f"skip {name}: {item.source[:80]}: {why}"))
            batches.append((name, kept))
        created = existing = unsure = 0
        try:
            with transaction.atomic():
                for name, parsed in batches:
                    try:
                        results = api.import_references(parsed)
                    except ValidationError as error:
                        raise CommandError(
                            f"{name}: {' '.join(error.messages)} Nothing was imported."
                        ) from error
                    # Read back: a later work of the batch may have given an earlier one its suffix.
                    fresh = Citation.objects.in_bulk([c.pk for c, _ in results])
                    for (citation, new), item in zip(results, parsed, strict=True):
                        citation = fresh.get(citation.pk, citation)
                        created += new
                        existing += not new
                        unsure += bool(new and item.uncertain)
                        mark = "new " if new else "have"
                        self.stdout.write(f"{mark} {citation.key}: {format_reference_text(citation)}")
                if dry_run:
                    raise _DryRun
        except _DryRun:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
        verb = "would be created" if dry_run else "created"
        self.stdout.write(
            self.style.SUCCESS(
                f"{sum(len(p) for _, p in batches)} reference(s) read from {len(batches)} file(s): "
                f"{created} {verb}, {existing} already in the library, {unsure} new one(s) need attention."
            )
        )

    def handle_export(self, fmt: str, output: str | None = None, **options) -> None:
        citations = Citation.objects.all()
        text = export(citations, fmt)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
