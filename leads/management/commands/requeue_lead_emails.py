from datetime import timedelta

from django.core.management.base import BaseCommand

from leads.tasks import requeue_overdue


class Command(BaseCommand):
    help = "Enqueue again strategy-call emails whose delivery is overdue (e.g. after a worker was killed)."

    def add_arguments(self, parser):
        parser.add_argument("--grace-minutes", type=int, default=30, help="How overdue an email must be.")

    def handle(self, *args, grace_minutes=30, **options):
        count = requeue_overdue(grace=timedelta(minutes=max(grace_minutes, 0)))
        self.stdout.write(f"Queued {count} overdue email(s) again.")
