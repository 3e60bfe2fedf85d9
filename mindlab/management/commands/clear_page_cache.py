from django.core.management.base import BaseCommand

from mindlab import pagecache


class Command(BaseCommand):
    help = "Make every cached page stale (after a release that changed templates, or a raw SQL edit)."

    def handle(self, *args, **options) -> None:
        pagecache.invalidate()
        self.stdout.write("Cached pages will be rendered again on their next request.")
