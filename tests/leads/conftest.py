"""Fixtures for the leads tests: practice rules, a real local SMTP server, a task worker."""

from __future__ import annotations

import re
import socket
import time
from datetime import time as clock

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from leads import attribution, spam
from leads.links import read_thanks_token
from leads.models import AvailabilityRules, WeeklyWindow


@pytest.fixture
def rules(db):
    """London practice, Mon–Fri 09:00–17:00, 30-minute calls, 15-minute buffer, 24 h notice."""
    AvailabilityRules.objects.all().delete()
    rules = AvailabilityRules.objects.create(
        time_zone="Europe/London",
        call_minutes=30,
        buffer_minutes=15,
        minimum_notice_hours=24,
        horizon_days=30,
    )
    WeeklyWindow.objects.bulk_create(
        WeeklyWindow(rules=rules, weekday=day, start_time=clock(9), end_time=clock(17)) for day in range(5)
    )
    return rules


def run_worker() -> None:
    """Run every task that is due, as ``manage.py db_worker --batch`` does, then return."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def smtp_settings(settings, smtp_port):
    """Point the default mailer at 127.0.0.1:<smtp_port> (nothing listens there yet)."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_port, "timeout": 5},
        }
    }
    return settings


@pytest.fixture
def start_smtp(smtp_port):
    """A function that starts a real SMTP server on ``smtp_port``; stopped after the test."""
    controllers = []

    def start() -> Inbox:
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        controllers.append(controller)
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def slot_keys(html: str) -> list[str]:
    return re.findall(r'data-slot="([^"]+)"', html)


def form_data(slot: str, **overrides) -> dict:
    """A valid step-2 submission for ``slot`` (the form shown a minute ago)."""
    data = {
        "slot": slot,
        "tz": "America/New_York",
        "a": attribution.dumps({"from": "/articles/trusted-people/", "utm_source": "newsletter"}),
        "started": spam.form_timestamp(time.time() - 60),
        "name": "Grace Hopper",
        "email": "grace@example.org",
        "phone": "+1 555 0100",
        "organisation": "COO, Example Corp",
        "message": "Leading through a reorganisation.",
        "preferred_times": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def thanks_request_id(response) -> int:
    """The request a thank-you redirect is for."""
    assert response.status_code == 302 and "/thanks/" in response["Location"], response
    return read_thanks_token(response["Location"].rstrip("/").split("/")[-1])["r"]
