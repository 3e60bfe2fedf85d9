"""Rewrite the search index of every article and hub (after bulk loads or raw SQL)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from articles.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search entries of all articles and hubs (or only the missing ones)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--missing", action="store_true", help="Only index pages that have no entry yet.")

    def handle(self, *args, missing: bool = False, **options) -> None:
        count = rebuild_index(only_missing=missing)
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} page(s)."))
