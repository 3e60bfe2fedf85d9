"""One client address for the sign-in throttle and the booking rate limit (mindlab/client_address.py).

``X-Forwarded-For`` counts only when the connection comes from a proxy listed in
``TRUSTED_PROXIES``; the client is the first hop, from the right, that is not one of ours.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory

from mindlab.client_address import client_address

PROXY = "127.0.0.1"
INNER_PROXY = "10.0.0.7"
PASSWORD = "the-right-long-password"


def address(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = [PROXY, "10.0.0.0/8", "::1"]


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert address("192.0.2.1", "10.9.9.9") == "192.0.2.1"
    assert address(PROXY, "198.51.100.4") == PROXY


def test_a_direct_client_cannot_choose_its_address(proxies):
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert address("203.0.113.7", "127.0.0.1") == "203.0.113.7"


def test_through_our_proxy_the_hop_it_appended_is_the_client(proxies):
    # The client made up the first two entries; our proxy appended the real address.
    assert address(PROXY, "1.2.3.4, 5.6.7.8, 192.0.2.44") == "192.0.2.44"


def test_chains_of_our_own_proxies_are_walked_back(proxies):
    assert address(PROXY, f"6.6.6.6, 192.0.2.44, {INNER_PROXY}") == "192.0.2.44"


def test_garbage_from_the_client_stops_the_walk_at_our_last_proxy(proxies):
    assert address(PROXY, f"not-an-address, {INNER_PROXY}") == INNER_PROXY
    assert address(PROXY, "") == PROXY
    assert address(PROXY, "\x00, ,") == PROXY


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("192.0.2.44:51234", "192.0.2.44"),
        ("[2001:db8::5]:443", "2001:db8::5"),
        ("2001:db8::5", "2001:db8::5"),
        ("::ffff:192.0.2.44", "192.0.2.44"),
    ],
)
def test_ports_brackets_and_mapped_addresses(proxies, forwarded, expected):
    assert address(PROXY, forwarded) == expected


def test_a_connection_without_an_address_has_none(proxies):
    assert address("") == ""


def _settings_error(environment: dict[str, str]) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mindlab.settings", "SECRET_KEY": "x" * 50, **environment}
    env.pop("DEBUG", None)
    completed = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.TRUSTED_PROXIES)"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    return completed.stdout + completed.stderr


def test_settings_read_trusted_proxies_from_the_environment():
    assert "['127.0.0.1', '10.0.0.0/8']" in _settings_error(
        {"DEBUG": "0", "TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"}
    )
    # Behind the documented TLS proxy on the same host, loopback is the default.
    assert "['127.0.0.1', '::1']" in _settings_error({"DEBUG": "0", "BEHIND_TLS_PROXY": "1"})


def test_a_malformed_trusted_proxy_fails_loudly():
    output = _settings_error({"DEBUG": "0", "TRUSTED_PROXIES": "127.0.0.1,10.0.0.300"})
    assert "TRUSTED_PROXIES: '10.0.0.300' is not an address or network" in output


@pytest.mark.django_db
def test_a_direct_client_rotating_the_header_is_throttled(client, django_user_model, proxies):
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "guess"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert response.status_code == 429
