from __future__ import annotations

from django.core.management.base import BaseCommand

from articles.markdown import RENDERER_VERSION
from articles.models import FAQ, Article, Author, Hub, Pillar
from mindlab import pagecache


class Command(BaseCommand):
    help = (
        "Re-render stored Markdown HTML made by an older renderer version "
        f"(current: {RENDERER_VERSION}). Use --all after changing the sanitiser allowlist."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="Re-render everything, whatever its version.")

    def handle(self, *args, all: bool, **options) -> None:
        total = 0
        for model in (Pillar, Author, Hub, Article, FAQ):
            queryset = model._default_manager.all()
            if not all:
                queryset = queryset.exclude(rendered_version=RENDERER_VERSION)
            count = 0
            for obj in queryset.iterator(chunk_size=200):
                obj.render_markdown_fields()
                fields = [*obj.markdown_fields.values(), "rendered_version"]
                fields += [name for name in (obj.toc_field, obj.word_count_field) if name]
                # Bypass save(): re-rendering is not an edit, so "updated" dates stay as they are.
                model._default_manager.filter(pk=obj.pk).update(
                    **{name: getattr(obj, name) for name in fields}
                )
                count += 1
            if count:
                self.stdout.write(f"{model._meta.verbose_name_plural}: re-rendered {count}")
            total += count
        if total:
            pagecache.invalidate()  # update() sends no signals: tell the page cache ourselves
        self.stdout.write(
            self.style.SUCCESS(f"Re-rendered {total} object(s) with renderer version {RENDERER_VERSION}.")
        )
