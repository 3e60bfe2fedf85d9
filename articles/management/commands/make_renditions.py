"""Make the WebP renditions that are missing (new widths, restored media, failed uploads)."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand

from articles.renditions import IMAGE_FIELDS, delete_renditions, refresh_renditions


class Command(BaseCommand):
    help = "Make missing WebP renditions of hero images and author photos (--all to remake every one)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--all", dest="remake", action="store_true", help="Remake renditions even where they exist."
        )

    def handle(self, *args, remake: bool = False, **options) -> None:
        made = 0
        for label, (image_field, renditions_field, widths) in IMAGE_FIELDS.items():
            model = apps.get_model(label)
            for obj in model._default_manager.exclude(**{image_field: ""}).iterator():
                record = getattr(obj, renditions_field) or {}
                files = [item["name"] for item in record.get("webp", [])]
                storage = getattr(obj, image_field).storage
                complete = files and all_exist(storage, files)
                if not remake and record.get("source") == getattr(obj, image_field).name and complete:
                    continue
                delete_renditions(record, storage=storage)
                setattr(obj, renditions_field, {})  # forget the old record so it is remade
                record = refresh_renditions(obj, image_field, renditions_field, widths)
                made += 1
                if record.get("error"):
                    self.stderr.write(f"{label} #{obj.pk}: {record['error']}")
        self.stdout.write(self.style.SUCCESS(f"Made renditions for {made} image(s)."))


def all_exist(storage, names: list[str]) -> bool:
    return all(storage.exists(name) for name in names)
