"""``manage.py page_references --article SLUG | --hub SLUG``: one page's reference list as a file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.citations import citations_for_page
from articles.models import Article, Hub
from references.api import EXPORT_FORMATS, export_citations


class Command(BaseCommand):
    help = "Export the references of one article or hub (BibTeX, RIS or CSL-JSON), drafts included."

    def add_arguments(self, parser: CommandParser) -> None:
        page = parser.add_mutually_exclusive_group(required=True)
        page.add_argument("--article", help="The article's slug.")
        page.add_argument("--hub", help="The hub's slug.")
        parser.add_argument("--format", dest="fmt", choices=sorted(EXPORT_FORMATS), default="csl-json")
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")

    def handle(self, *args, fmt: str, article=None, hub=None, output: str | None = None, **options) -> None:
        model, slug = (Article, article) if article else (Hub, hub)
        page = model.objects.filter(slug=slug).first()
        if page is None:
            raise CommandError(f"No {model._meta.verbose_name} has the slug “{slug}”.")
        text, _content_type = export_citations(citations_for_page(page), fmt)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
