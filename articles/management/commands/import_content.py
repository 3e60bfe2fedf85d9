"""``manage.py import_content PATH...``: Markdown with front matter and plain-text page exports."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.importing import Options, import_paths


class Command(BaseCommand):
    help = (
        "Import pages from Markdown files with YAML front matter and from plain-text page exports "
        "(files or folders). Each file is stored in its own transaction; re-importing updates by slug. "
        "Exits with status 1 when any file was skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, save nothing")
        parser.add_argument(
            "--pillar", default="", help="pillar (number, slug or name) for hubs that name none"
        )
        parser.add_argument("--hub", default="", help="hub (slug or title) for articles that name none")
        parser.add_argument("--author", default="", help="author (slug or name) for pages that name none")
        parser.add_argument(
            "--status",
            choices=["draft", "published"],
            default="",
            help="status for pages that do not say (default: draft)",
        )
        parser.add_argument("--no-progress", action="store_true", help="do not show the progress bar")

    def handle(self, *args, **options) -> None:
        settings = Options(
            pillar=options["pillar"], hub=options["hub"], author=options["author"], status=options["status"]
        )
        show = not options["no_progress"] and options["verbosity"] >= 1
        report = import_paths(
            options["paths"],
            settings,
            dry_run=options["dry_run"],
            progress=ProgressBar(self.stderr) if show else None,
        )
        self.stdout.write(report.summary(verbose=options["verbosity"] >= 2))
        skipped = len(report.skipped)
        if skipped and not (report.of("created") or report.of("updated")):
            raise CommandError("Nothing was imported.", returncode=1)
        if skipped:
            # The exit status tells scripts and CI that something was left out.
            raise CommandError(
                f"{skipped} file{'s' if skipped != 1 else ''} skipped (see above); the rest was imported.",
                returncode=1,
            )


class ProgressBar:
    """A one-line progress bar on a terminal; silent when the output is not one (logs, tests)."""

    width = 30

    def __init__(self, stream) -> None:
        self.stream = stream
        self.interactive = bool(getattr(stream, "isatty", lambda: False)()) or bool(
            getattr(getattr(stream, "_out", None), "isatty", lambda: False)()
        )

    def __call__(self, done: int, total: int, path: str) -> None:
        if not self.interactive or total < 2:
            return
        filled = int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        name = path if len(path) <= 40 else "…" + path[-39:]
        self.stream.write(f"\r[{bar}] {done}/{total} {name:<40}", ending="")
        if done == total:
            self.stream.write("", ending="\n")
        sys.stderr.flush()
