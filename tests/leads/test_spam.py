"""Scripted, malformed, oversized and replayed submissions: stored for review or a clear error, never a 500."""

from __future__ import annotations

import re
import time

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leads import spam
from leads.availability import current_free_slots
from leads.booking import RequestDetails, submission_key, submit_request
from leads.models import OutboundEmail, ReviewReason, StrategyCallRequest
from mindlab import site
from tests.leads.conftest import form_data, thanks_request_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def thanks_page(client, response) -> str:
    assert response.status_code == 302, response
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def test_a_filled_hidden_field_is_stored_for_review_with_its_time_held(client, rules, admin_client):
    key = current_free_slots()[0].key
    response = client.post("/strategy-call/", form_data(key, website="http://spam.example"))
    lead = StrategyCallRequest.objects.get(pk=thanks_request_id(response))
    assert lead.review_reason == ReviewReason.HIDDEN_FIELD
    # What the page confirms exists: the time is held, as for any request.
    assert "Your strategy call is booked" in thanks_page(client, response)
    assert key not in {slot.key for slot in current_free_slots()}
    # Intake sees it flagged, and marking it as spam frees the time (nobody is emailed about it).
    listing = admin_client.get("/admin/leads/strategycallrequest/?review_reason__exact=hidden_field")
    assert "Grace Hopper" in listing.content.decode()
    sent_before = OutboundEmail.objects.exclude(kind="visitor_reminder").count()
    admin_client.post(
        "/admin/leads/strategycallrequest/", {"action": "mark_spam", "_selected_action": [lead.pk]}
    )
    lead.refresh_from_db()
    assert lead.status == "spam"
    assert key in {slot.key for slot in current_free_slots()}
    assert OutboundEmail.objects.exclude(kind="visitor_reminder").count() == sent_before
    assert not OutboundEmail.objects.filter(kind="visitor_reminder", status="pending").exists()


@pytest.mark.parametrize(
    ("make_started", "reason"),
    [
        (lambda: "", ReviewReason.NO_TIMESTAMP),
        (lambda: "forged", ReviewReason.NO_TIMESTAMP),
        (lambda: spam.form_timestamp(time.time()), ReviewReason.TOO_FAST),  # autofill, or a script
        (lambda: spam.form_timestamp(time.time() + 3600), ReviewReason.NO_TIMESTAMP),  # from the future
    ],
    ids=["missing", "forged", "instant", "future"],
)
def test_missing_forged_or_too_fast_forms_are_stored_flagged_never_faked(client, rules, make_started, reason):
    key = current_free_slots()[0].key
    response = client.post("/strategy-call/", form_data(key, started=make_started()))
    lead = StrategyCallRequest.objects.get(pk=thanks_request_id(response))
    assert lead.review_reason == reason
    assert lead.active_booking.start.strftime("%Y-%m-%dT%H:%MZ") == key  # the time is held
    assert "Your strategy call is booked" in thanks_page(client, response)


def test_two_forms_without_timestamps_are_two_requests(client, rules):
    """Without a genuine timestamp there is no idempotency key: nobody sees another's request."""
    slots = current_free_slots()
    first = client.post("/strategy-call/", form_data(slots[0].key, started=""))
    second = client.post("/strategy-call/", form_data(slots[3].key, started="", email="other@example.org"))
    assert thanks_request_id(first) != thanks_request_id(second)


def test_a_filled_hidden_field_with_an_impossible_time_never_500s(client, rules):
    for slot in ("2026-12-03T24:00Z", "2026-02-30T10:00Z", "9999-99-99T99:99Z"):
        response = client.post("/strategy-call/", form_data(slot, website="http://spam.example"))
        assert response.status_code == 200
        assert "Please choose one of the times offered." in response.content.decode()
    assert not StrategyCallRequest.objects.exists()


def test_a_page_left_open_overnight_is_shown_again_not_dropped(client, rules):
    key = current_free_slots()[0].key
    response = client.post(
        "/strategy-call/", form_data(key, started=spam.form_timestamp(time.time() - 2 * 86400))
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "open for a long time" in html and 'value="Grace Hopper"' in html
    fresh = html.split('name="started" value="')[1].split('"')[0]
    assert spam.check_timestamp(fresh, now=time.time() + 10) == spam.Verdict.HUMAN


def test_replaying_the_same_post_creates_nothing_new(client, rules):
    data = form_data(current_free_slots()[0].key)
    first = client.post("/strategy-call/", data)
    second = Client().post("/strategy-call/", data)
    assert thanks_request_id(first) == thanks_request_id(second)

    def page(response) -> str:  # the signed tokens in links carry the second they were made
        return re.sub(r"/thanks/[^/]+/", "/thanks/T/", client.get(response["Location"]).content.decode())

    assert page(first) == page(second)
    assert StrategyCallRequest.objects.count() == 1
    assert OutboundEmail.objects.exclude(kind="visitor_reminder").count() == 2


def test_the_database_recognises_a_replay_even_when_the_cache_forgot(client, rules):
    data = form_data(current_free_slots()[0].key)
    first = client.post("/strategy-call/", data)
    cache.clear()  # another app server, a restarted cache: the key lives in the request row
    second = Client().post("/strategy-call/", data)
    assert thanks_request_id(first) == thanks_request_id(second)
    assert StrategyCallRequest.objects.get().submission_key == submission_key(data["started"])
    assert OutboundEmail.objects.exclude(kind="visitor_reminder").count() == 2


def test_a_form_sent_again_after_an_error_is_stored_once(client, rules):
    data = form_data(current_free_slots()[0].key)
    invalid = client.post("/strategy-call/", {**data, "email": "not an address"})
    assert invalid.status_code == 200  # nothing stored: the same form may be sent again
    assert thanks_request_id(client.post("/strategy-call/", data))
    assert StrategyCallRequest.objects.count() == 1


def test_two_forms_are_two_requests(client, rules):
    slots = current_free_slots()
    client.post("/strategy-call/", form_data(slots[0].key))
    client.post("/strategy-call/", form_data(slots[2].key))
    assert StrategyCallRequest.objects.count() == 2


def test_the_database_refuses_a_second_request_with_the_same_key(rules):
    key = submission_key(spam.form_timestamp())
    details = RequestDetails(name="Ada", email="ada@example.org", preferred_times="Mornings")
    first = submit_request(details, None, key=key)
    assert submit_request(details, None, key=key) == first  # the public path returns the first
    with pytest.raises(IntegrityError), transaction.atomic():
        StrategyCallRequest.objects.create(
            name="Copy", email="c@example.org", consent_version="x", consent_at=first.consent_at,
            submission_key=key,
        )  # fmt: skip
    # Requests without a key (admin, imports, older rows) never clash.
    submit_request(details, None)
    submit_request(details, None)
    assert StrategyCallRequest.objects.filter(submission_key="").count() == 2


def test_two_people_loading_the_form_in_the_same_second_get_different_tokens():
    now = time.time()
    assert spam.form_timestamp(now) != spam.form_timestamp(now)


def test_rate_limit_per_ip_keeps_the_details_and_says_why(rules, settings):
    settings.LEADS_RATE_LIMIT = 2
    slots = current_free_slots()
    client = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(2):
        assert (
            client.post("/strategy-call/", form_data(slots[i].key, email=f"p{i}@example.org")).status_code
            == 302
        )
    blocked = client.post("/strategy-call/", form_data(slots[2].key, email="p2@example.org"))
    assert blocked.status_code == 429
    assert "several requests from your network" in blocked.content.decode()
    assert 'value="p2@example.org"' in blocked.content.decode()
    # Another address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7").post("/strategy-call/", form_data(slots[3].key))
    assert other.status_code == 302
    assert StrategyCallRequest.objects.count() == 3


def test_visitors_through_the_proxy_each_have_their_own_booking_limit(rules, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.LEADS_RATE_LIMIT = 1
    slots = current_free_slots()
    for visitor in range(8):
        browser = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.6, 198.51.100.{visitor + 1}")
        response = browser.post(
            "/strategy-call/", form_data(slots[visitor].key, email=f"v{visitor}@example.org")
        )
        assert response.status_code == 302, visitor
    assert StrategyCallRequest.objects.count() == 8
    # The first visitor's second request is over their own limit.
    again = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    refused = again.post("/strategy-call/", form_data(slots[9].key, email="v0b@example.org"))
    assert refused.status_code == 429
    html = refused.content.decode()
    # The practice's contact address (from the site settings), and what the person typed.
    assert f'href="mailto:{site.CONTACT_EMAIL}"' in html
    assert 'value="v0b@example.org"' in html and "Leading through a reorganisation." in html


@pytest.mark.parametrize("field", ["name", "email", "phone", "organisation", "message"])
def test_nul_bytes_are_refused_with_a_message(client, rules, field):
    value = "grace\x00@example.org" if field == "email" else "Grace\x00Hopper"
    response = client.post("/strategy-call/", form_data(current_free_slots()[0].key, **{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Null characters are not allowed." in html or "Enter a valid email address." in html
    assert not StrategyCallRequest.objects.exists()


def test_nul_bytes_in_hidden_and_query_fields_never_reach_the_database(client, rules):
    key = current_free_slots()[0].key
    assert (
        client.get("/strategy-call/?from=/a\x00b&tz=Europe/Lon\x00don&utm_source=x\x00y").status_code == 200
    )
    response = client.post("/strategy-call/", form_data(key, tz="Europe\x00", a="x\x00y"))
    assert response.status_code in {200, 302}
    for lead in StrategyCallRequest.objects.all():
        assert "\x00" not in "".join(str(v) for v in lead.__dict__.values())


def test_oversized_fields_get_clear_errors(client, rules):
    response = client.post(
        "/strategy-call/", form_data(current_free_slots()[0].key, name="N" * 500, message="m" * 5000)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value has at most 120 characters" in html
    assert "Ensure this value has at most 2000 characters" in html
    assert not StrategyCallRequest.objects.exists()


def test_oversized_body_is_a_400_not_a_500(client, rules):
    response = client.post(
        "/strategy-call/", form_data(current_free_slots()[0].key, message="m" * (6 * 1024 * 1024))
    )
    assert response.status_code == 400


def test_missing_consent_is_explained(client, rules):
    response = client.post("/strategy-call/", form_data(current_free_slots()[0].key, consent=None))
    assert "Please agree to be contacted about this call." in response.content.decode()
    assert not StrategyCallRequest.objects.exists()


def test_post_without_csrf_token_is_refused(rules):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/strategy-call/", form_data(current_free_slots()[0].key))
    assert response.status_code == 403
    assert not StrategyCallRequest.objects.exists()


text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            "slot": text,
            "tz": text,
            "a": text,
            "name": text,
            "email": text,
            "phone": text,
            "organisation": text,
            "message": text,
            "preferred_times": text,
            "consent": text,
            "updates": text,
            "website": text,
        },
    )
)
def test_arbitrary_submissions_never_500(rules, fields):
    cache.clear()
    client = Client()
    data = {**fields, "started": spam.form_timestamp(time.time() - 60)}
    response = client.post("/strategy-call/", data)
    assert response.status_code in {200, 302, 409}
    for lead in StrategyCallRequest.objects.all():
        assert "\x00" not in lead.name + lead.email + lead.message


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=120).filter(lambda s: s.strip() and s.isprintable()))
def test_legitimate_unusual_names_are_stored_exactly(rules, name):
    cache.clear()
    StrategyCallRequest.objects.all().delete()
    response = Client().post("/strategy-call/", form_data("none", name=name, preferred_times="Any morning"))
    assert response.status_code == 302
    assert StrategyCallRequest.objects.get().name == name.strip()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.dictionaries(st.sampled_from(["tz", "slot", "a", "from", "utm_source"]), text, max_size=5))
def test_arbitrary_query_strings_never_500(rules, query):
    response = Client().get("/strategy-call/", query)
    assert response.status_code == 200


def test_a_quick_correction_after_an_error_is_not_mistaken_for_a_script(rules, settings):
    settings.LEADS_RATE_LIMIT = 1
    client = Client()
    key = current_free_slots()[0].key
    data = form_data(key, consent=None)
    for _ in range(3):  # incomplete submissions do not count towards the rate limit
        first = client.post("/strategy-call/", data)
        assert first.status_code == 200
    started = first.content.decode().split('name="started" value="')[1].split('"')[0]
    assert started == data["started"]  # the form keeps the time it was first shown
    again = client.post("/strategy-call/", {**data, "consent": "on", "started": started})
    assert again.status_code == 302
    assert StrategyCallRequest.objects.count() == 1


def _redis_reachable() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="needs Redis at 127.0.0.1:6379 (production's cache)")
def test_rate_limit_counts_in_redis(rules, settings):
    import uuid

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"leads-test-{uuid.uuid4().hex}",
        }
    }
    settings.LEADS_RATE_LIMIT = 1
    settings.LEADS_RATE_LIMIT_WINDOW = 60  # the counter expires by itself two minutes later
    slots = current_free_slots()
    client = Client(REMOTE_ADDR="192.0.2.44")
    # Redis is shared, so never clear() here (that flushes the database); the counter expires.
    assert client.post("/strategy-call/", form_data(slots[0].key)).status_code == 302
    assert client.post("/strategy-call/", form_data(slots[1].key)).status_code == 429
    assert StrategyCallRequest.objects.count() == 1
