"""Tasks left "running" by a worker that died (``kill -9``, a lost machine) are run again.

django-tasks-db claims a task by marking it running with the worker's id; a worker that
dies leaves it so for ever. ``mindlab``'s ``db_worker`` names each worker
``host:pid:random`` and, when it starts and then every minute, puts back in the queue
every running task whose worker is a process of this host that no longer exists, or
that started longer ago than ``TASKS_STALE_RUNNING_SECONDS``. Tasks must therefore be
safe to run twice (``leads.tasks.deliver_email`` is: one send per outbox row).
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def _host() -> str:
    return socket.gethostname()[:40]


def new_worker_id() -> str:
    """``host:pid:random``: unique, and tells another worker on this host whether it still runs."""
    return f"{_host()}:{os.getpid()}:{get_random_string(8)}"[:64]


def _is_gone(worker_id: str) -> bool:
    """True if ``worker_id`` names a process of this host that no longer exists."""
    host, _, rest = worker_id.partition(":")
    pid_text = rest.partition(":")[0]
    if host != _host() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover_interrupted(*, now: datetime | None = None, this_worker: str = "") -> int:
    """Requeue running tasks whose worker is gone or that ran too long; returns how many."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.TASKS_STALE_RUNNING_SECONDS)
    recovered = 0
    for result in DBTaskResult.objects.running().only("id", "worker_ids", "started_at"):
        last = result.worker_ids[-1] if result.worker_ids else ""
        if last == this_worker:
            continue
        if not (_is_gone(last) or (result.started_at and result.started_at < stale_before)):
            continue
        with transaction.atomic():
            # Only if nobody else changed it meanwhile (another worker recovering it, or it finishing).
            changed = DBTaskResult.objects.filter(
                pk=result.pk, status=result.status, started_at=result.started_at
            ).update(status=TaskResultStatus.READY, run_after=now)
        if changed:
            recovered += 1
            logger.warning("Task %s was left running by worker %s: queued again", result.pk, last or "?")
    return recovered
