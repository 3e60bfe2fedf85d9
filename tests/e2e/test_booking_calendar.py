"""The booking steps in Chromium: a fast (autofilled) form is stored, never faked; the month
calendar without JavaScript; the zone search; the error summary's focus; axe on every step."""

from __future__ import annotations

import re
from datetime import time

import pytest

from leads.availability import current_free_slots
from leads.booking import RequestDetails, submit_request
from leads.links import manage_url
from leads.models import AvailabilityRules, StrategyCallRequest, WeeklyWindow
from tests.e2e import helpers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def practice():
    """Weekdays 09:00–17:00 in London; the bot timing check as in production (3 s)."""
    AvailabilityRules.objects.all().delete()
    rules = AvailabilityRules.objects.create(
        time_zone="Europe/London", minimum_notice_hours=24, horizon_days=30
    )
    WeeklyWindow.objects.bulk_create(
        WeeklyWindow(rules=rules, weekday=day, start_time=time(9), end_time=time(17)) for day in range(5)
    )
    return rules


def fill(page) -> None:
    page.get_by_label("Your name").fill("Grace Hopper")
    page.get_by_label("Email").fill("grace@example.org")
    page.get_by_label(re.compile("I agree that MindLAB")).check()


def test_a_form_sent_within_a_second_is_stored_for_intake_not_faked(
    live_server, browser, practice, admin_user
):
    context = browser.new_context(timezone_id="Europe/London")
    page = context.new_page()
    page.goto(live_server.url + "/strategy-call/?tz=Europe/London")
    page.locator("a.slot").first.click()
    fill(page)  # as autofill does: well under LEADS_MIN_SUBMIT_SECONDS
    page.get_by_role("button", name="Book this call").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    lead = StrategyCallRequest.objects.get()
    assert lead.review_reason == "too_fast" and lead.active_booking is not None
    assert "Your strategy call is booked" in page.locator("main").inner_text()
    # Intake sees it, flagged.
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/admin/leads/strategycallrequest/?review_reason__exact=too_fast")
    assert "Grace Hopper" in page.locator("#result_list").inner_text()
    context.close()


def test_the_month_calendar_works_without_javascript_one_day_at_a_time_on_a_phone(
    live_server, browser, practice, artifacts_dir
):
    context = browser.new_context(java_script_enabled=False, viewport=helpers.PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/strategy-call/?tz=Europe/London")
    days = page.locator("a.calendar-day")
    assert days.count() >= 10
    first_times = page.locator("a.slot").all_inner_texts()
    assert first_times and len(first_times) <= 16  # one day's times, not weeks of them
    page.screenshot(path=str(artifacts_dir / "booking-calendar-phone.png"), full_page=True)
    heading = page.locator("#times-heading").inner_text()
    days.nth(2).click()
    assert page.locator("#times-heading").inner_text() != heading
    assert page.locator("a.calendar-day[aria-current=date]").count() == 1
    page.locator("a.slot").first.click()
    assert page.get_by_role("heading", name="Step 2 of 2: your details").is_visible()
    context.close()


def test_the_zone_list_can_be_searched_and_shows_the_time_there(live_server, browser, practice):
    context = browser.new_context(timezone_id="Europe/London", locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/strategy-call/?tz=Europe/London")
    assert re.search(r"Time now in Europe/London: \d{2}:\d{2}", page.locator(".tz-now").inner_text())
    search = page.get_by_label("Search time zones (city or region)")
    search.fill("tokyo")
    visible = page.locator("#id_tz option:not([hidden])").all_inner_texts()
    assert visible and all("Tokyo" in text for text in visible)
    search.press("Enter")
    page.wait_for_url(re.compile(r"tz=Asia%2FTokyo"))
    assert page.locator("[data-tz-current]").inner_text() == "Asia/Tokyo"
    context.close()


def test_twelve_hour_visitors_see_am_and_pm(live_server, browser, practice):
    context = browser.new_context(timezone_id="America/New_York", locale="en-US")
    page = context.new_page()
    page.goto(live_server.url + "/strategy-call/?tz=America/New_York")
    assert re.search(r"\d{1,2}:\d{2}\s?(AM|PM)", page.locator("a.slot").first.inner_text())
    context.close()


def test_the_error_summary_takes_focus_and_the_counter_counts(live_server, browser, practice):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/strategy-call/?tz=Europe/London")
    page.locator("a.slot").first.click()
    page.get_by_label("What would you like to address? (optional)").fill("Hello")
    assert "5 of 2000 characters" in page.locator(".char-counter").first.inner_text()
    page.get_by_label("Email").fill("not-an-address")
    page.get_by_role("button", name="Book this call").click()
    page.locator("[data-error-summary]").wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.get_by_label("Email").input_value() == "not-an-address"
    assert page.get_by_label("What would you like to address? (optional)").input_value() == "Hello"
    context.close()


def test_every_booking_step_has_no_axe_violations(live_server, browser, practice):
    helpers.require_axe()
    lead = submit_request(RequestDetails(name="Ada", email="ada@example.org"), None)
    slotted = submit_request(
        RequestDetails(name="Bo", email="bo@example.org"),
        current_free_slots()[3].key,
    )
    booking = slotted.active_booking
    context = browser.new_context(bypass_csp=True, viewport=helpers.PHONE)
    page = context.new_page()
    steps = {
        "step 1": "/strategy-call/?tz=Europe/London",
        "reschedule": manage_url(booking, "reschedule", absolute=False),
        "cancel": manage_url(booking, "cancel", absolute=False),
        "privacy": "/privacy/",
    }
    found = {}
    for name, path in steps.items():
        page.goto(live_server.url + path)
        found[name] = helpers.run_axe(page)
    page.goto(live_server.url + steps["step 1"])
    page.locator("a.slot").first.click()
    found["step 2"] = helpers.run_axe(page)
    page.get_by_role("button", name="Book this call").click()
    found["step 2 with errors"] = helpers.run_axe(page)
    assert lead.pk
    assert not any(found.values()), {name: helpers.describe(v) for name, v in found.items() if v}
    context.close()
