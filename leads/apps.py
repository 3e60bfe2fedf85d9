from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = "Strategy-call requests"

    def ready(self) -> None:
        from .permissions import post_migrate_handler

        post_migrate.connect(post_migrate_handler, dispatch_uid="leads.sync_groups_and_guard")
