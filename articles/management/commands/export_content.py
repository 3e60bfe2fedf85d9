"""``manage.py export_content DIR [--library-format bibtex]``: everything as Markdown with front
matter, plus the reference library (CSL-JSON or BibTeX)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.exporting import export_content


class Command(BaseCommand):
    help = (
        "Write every pillar, author, hub and article as Markdown with YAML front matter, and the "
        "references as a CSL-JSON (or BibTeX) library. `import_content DIR` reads it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR", help="folder to write (created if needed)")
        parser.add_argument(
            "--library-format",
            choices=["csl-json", "bibtex"],
            default="csl-json",
            help="the reference library as references.json (CSL-JSON, the default) or references.bib",
        )

    def handle(self, *args, **options) -> None:
        try:
            summary = export_content(options["directory"], library_format=options["library_format"])
        except OSError as error:
            raise CommandError(
                f"Cannot write to {options['directory']}: {error.strerror or error}"
            ) from error
        self.stdout.write(self.style.SUCCESS(str(summary)))
