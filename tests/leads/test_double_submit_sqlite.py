"""Several clicks of one booking form at once on a real SQLite file: one request.

The test database on SQLite is in memory with a shared cache, where concurrent
connections get "table is locked" at once instead of waiting, so concurrency is checked
here in a child process against a file database, as the site runs (WAL, IMMEDIATE
transactions). PostgreSQL's version is in test_concurrency.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's behaviour")

CLICKS = r"""
import json, threading, time
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connections
from django.test import Client
from leads import attribution, spam
from leads.availability import current_free_slots
from leads.links import read_thanks_token
from leads.models import AvailabilityRules, OutboundEmail, StrategyCallRequest

AvailabilityRules.current()
data = {
    "slot": current_free_slots()[0].key, "tz": "America/New_York", "a": attribution.dumps({}),
    "started": spam.form_timestamp(time.time() - 60), "name": "Grace Hopper",
    "email": "grace@example.org", "consent": "on", "website": "",
}
barrier = threading.Barrier(4)
seen = []

def click():
    try:
        barrier.wait(timeout=30)
        response = Client().post("/strategy-call/", data)
        token = response["Location"].rstrip("/").split("/")[-1] if response.status_code == 302 else ""
        seen.append([response.status_code, read_thanks_token(token)["r"] if token else None])
    finally:
        connections.close_all()

threads = [threading.Thread(target=click) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(timeout=60)
print(json.dumps({"seen": seen, "requests": StrategyCallRequest.objects.count(),
                  "emails": OutboundEmail.objects.exclude(kind="visitor_reminder").count()}))
"""


def test_clicks_of_one_form_on_an_sqlite_file_store_one_request(tmp_path: Path):
    project = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mindlab.settings",
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(project),
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", CLICKS], cwd=project, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert [status for status, _ in outcome["seen"]] == [302] * 4, outcome
    assert len({request for _, request in outcome["seen"]}) == 1
    assert outcome["requests"] == 1
    assert outcome["emails"] == 2
