"""The admin sign-in is throttled against brute force (django-axes, mindlab/security.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "the-right-long-password"
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def sign_in(client, password: str, address: str = ATTACKER, username: str = "editor"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_failures_up_to_the_limit_are_ordinary_wrong_password_pages(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "guess")
        assert response.status_code == 200
        assert b"Please enter the correct username and password" in response.content
    assert not signed_in(client)


@pytest.mark.django_db
def test_after_the_limit_even_the_right_password_is_refused_with_429(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "guess")
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    expected = f"paused for {minutes} minutes after {settings.AXES_FAILURE_LIMIT} failed attempts"
    assert expected in response.content.decode()
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302  # still not signed in


@pytest.mark.django_db
def test_other_usernames_do_not_reset_the_count_for_an_address(client, editor):
    for index in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "guess", username=f"someone-{index}")
    assert sign_in(client, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_locked_out_address_does_not_lock_out_colleagues(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "guess")
    response = sign_in(client, PASSWORD, address=COLLEAGUE)
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_a_successful_sign_in_resets_the_count(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "guess")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "guess")
    assert sign_in(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_lockout_ends_after_the_cool_off_time(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "guess")
    assert sign_in(client, PASSWORD).status_code == 429
    # Move the recorded failures back past the cool-off instead of waiting for it.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(hours=1))
    assert sign_in(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_failures_are_recorded_without_the_password(client, editor):
    sign_in(client, "my-secret-guess")
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == ATTACKER
    assert attempt.username == "editor"
    assert "my-secret-guess" not in attempt.post_data


@pytest.mark.django_db
def test_programmatic_sign_in_without_a_request_still_works(client, editor):
    assert client.login(username="editor", password=PASSWORD)


@pytest.mark.django_db
def test_an_overlong_username_is_a_form_error_not_a_failed_attempt(client, editor):
    response = sign_in(client, "guess", username="a" * 300)
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()
