from django.core.management.base import BaseCommand

from leads.purge import purge


class Command(BaseCommand):
    help = "Anonymise strategy-call requests older than LEADS_RETENTION_DAYS (clients kept); delete old spam."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override LEADS_RETENTION_DAYS.")
        parser.add_argument("--dry-run", action="store_true", help="Report only; change nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is not None and days < 0:
            self.stderr.write("--days must be zero or more.")
            return
        report = purge(retention_days=days, dry_run=dry_run)
        prefix = "Would have" if dry_run else "Done:"
        self.stdout.write(
            f"{prefix} anonymised {report.anonymised} request(s), deleted {report.spam_deleted} spam request(s) "
            f"and {report.emails_deleted} email(s) older than {report.cutoff:%Y-%m-%d %H:%M} UTC; "
            f"kept {report.kept_clients} client(s) untouched."
            + (
                ""
                if dry_run
                else f" Scrubbed {report.history_scrubbed} admin history entry(ies) and deleted "
                f"{report.task_results_deleted} task result(s)."
            )
        )
