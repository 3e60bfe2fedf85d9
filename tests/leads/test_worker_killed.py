"""A worker killed with ``kill -9`` in the middle of a send: the restarted worker delivers it,
once, with the same Message-ID (a real SMTP server, a real worker process, an SQLite file)."""

from __future__ import annotations

import asyncio
import email
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from email import policy
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.leads.conftest import free_port

PROJECT = Path(__file__).resolve().parents[2]

SETUP = r"""
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from leads.booking import RequestDetails, submit_request
from leads.models import AvailabilityRules
AvailabilityRules.current()
request = submit_request(RequestDetails(name="Grace Hopper", email="grace@example.org",
                                        preferred_times="Mornings"), None)
print(json.dumps([e.pk for e in request.emails.order_by("pk")]))
"""


class HoldFirstMessage:
    """Accepts every message except the first, which it holds unanswered (the send in flight)."""

    def __init__(self) -> None:
        self.accepted: list = []
        self.held_message_ids: list[str] = []
        self.holding = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        if not self.held_message_ids:
            self.held_message_ids.append(message["Message-ID"])
            self.holding.set()
            await asyncio.sleep(120)  # never answered: the worker is killed meanwhile
            return "451 too late"
        self.accepted.append(message)
        return "250 Message accepted for delivery"


def outbox(database: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT id, status FROM leads_outboundemail ORDER BY id").fetchall()


def worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_a_send_interrupted_by_kill_9_is_delivered_once_by_the_restarted_worker(tmp_path: Path):
    port = free_port()
    handler = HoldFirstMessage()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    database = tmp_path / "site.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mindlab.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "SMTP_URL": f"smtp://127.0.0.1:{port}?timeout=60",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(PROJECT),
    }
    env.pop("REDIS_URL", None)
    first = second = None
    try:
        setup = subprocess.run(
            [sys.executable, "-c", SETUP], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=180
        )
        assert setup.returncode == 0, setup.stderr[-3000:]
        email_ids = json.loads(setup.stdout.strip().splitlines()[-1])
        assert len(email_ids) == 2

        first = worker(env)
        assert handler.holding.wait(60), "the worker never started sending"
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        assert dict(outbox(database))[email_ids[0]] == "sending"  # left mid-send

        second = worker(env)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and {status for _, status in outbox(database)} != {"sent"}:
            time.sleep(0.25)
        assert {status for _, status in outbox(database)} == {"sent"}
        # Each row was accepted once; the interrupted one carries the Message-ID of its first attempt.
        assert len(handler.accepted) == 2
        ids = [message["Message-ID"] for message in handler.accepted]
        assert len(set(ids)) == 2 and all(i.startswith("<outbox-") for i in ids)
        assert handler.held_message_ids[0] in ids
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.kill(process.pid, signal.SIGTERM)
                process.wait(10)
        controller.stop()
