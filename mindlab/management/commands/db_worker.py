"""django-tasks-db's worker, which also runs again the tasks a dead worker left running.

See ``mindlab.worker``. Same options as django-tasks-db's ``db_worker``.
"""

from __future__ import annotations

import os
import threading

from django.db import close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from mindlab.worker import new_worker_id, recover_interrupted

RECOVERY_INTERVAL_SECONDS = 60


class Command(db_worker.Command):
    help = "Run a database background worker (tasks left running by a dead worker are run again)"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=new_worker_id())

    def handle(self, *args, **options) -> None:
        reloader_parent = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not reloader_parent:
            recover_interrupted(this_worker=options["worker_id"])
            if not options.get("batch"):
                threading.Thread(
                    target=self._recover_periodically, args=(options["worker_id"],), daemon=True
                ).start()
        super().handle(*args, **options)

    @staticmethod
    def _recover_periodically(worker_id: str) -> None:
        stop = threading.Event()
        while not stop.wait(RECOVERY_INTERVAL_SECONDS):
            try:
                close_old_connections()
                recover_interrupted(this_worker=worker_id)
            except Exception:
                db_worker.logger.exception("Recovering interrupted tasks failed")
            finally:
                connection.close()
