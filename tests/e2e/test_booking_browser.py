"""Booking a strategy call end to end in Debian's Chromium, with JavaScript on and off."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest

from leads.models import AvailabilityRules, Booking, StrategyCallRequest, WeeklyWindow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def london_practice(settings):
    settings.LEADS_MIN_SUBMIT_SECONDS = 0  # a browser fills the form faster than a person
    AvailabilityRules.objects.all().delete()
    rules = AvailabilityRules.objects.create(
        time_zone="Europe/London", minimum_notice_hours=24, horizon_days=21
    )
    WeeklyWindow.objects.bulk_create(
        WeeklyWindow(rules=rules, weekday=day, start_time=time(9), end_time=time(17)) for day in range(7)
    )
    return rules


def fill_details(page) -> None:
    page.get_by_label("Your name").fill("Grace Hopper")
    page.get_by_label("Email").fill("grace@example.org")
    page.get_by_label("Role / organisation (optional)").fill("COO")
    page.get_by_label("What would you like to address? (optional)").fill("Leading a reorganisation.")
    page.get_by_label(re.compile("I agree that MindLAB")).check()


def test_book_with_javascript_detects_the_visitors_zone(live_server, browser, london_practice, artifacts_dir):
    context = browser.new_context(timezone_id="America/New_York", locale="en-US")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + "/strategy-call/?from=/articles/trusted-people/")
    # The script noticed the browser's zone and reloaded the times in it.
    page.wait_for_url(re.compile(r"tz=America%2FNew_York"))
    assert page.locator("[data-tz-current]").inner_text() == "America/New_York"
    assert page.locator("#id_tz").input_value() == "America/New_York"
    assert not page.get_by_role("button", name="Show times").is_visible()  # the select submits itself

    page.screenshot(path=str(artifacts_dir / "booking-step1-js.png"))
    first = page.locator("a.slot").first
    shown, key = first.inner_text(), first.get_attribute("data-slot")
    first.click()
    assert "(America/New_York)" in page.locator(".booking-chosen").inner_text()
    fill_details(page)
    page.screenshot(path=str(artifacts_dir / "booking-step2-js.png"), full_page=True)
    page.get_by_role("button", name="Book this call").click()

    page.get_by_role("heading", name="Thank you").wait_for()
    text = page.locator("main").inner_text()
    assert shown in text and "(America/New_York)" in text and "for us in Europe/London" in text
    page.screenshot(path=str(artifacts_dir / "booking-thanks-js.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    assert "BEGIN:VCALENDAR" in Path(download.value.path()).read_text()
    assert not [p for p in problems if "Content Security Policy" in p], problems

    lead = StrategyCallRequest.objects.get()
    assert lead.visitor_time_zone == "America/New_York"
    assert lead.source_page == "/articles/trusted-people/"
    assert Booking.objects.get().start.strftime("%Y-%m-%dT%H:%MZ") == key
    context.close()


def test_book_without_javascript_choosing_the_zone_from_the_select(live_server, browser, london_practice):
    context = browser.new_context(java_script_enabled=False, timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(live_server.url + "/strategy-call/?from=/hubs/social-resilience/")
    # Without JavaScript the page starts in the practice's zone and says so.
    assert page.locator("[data-tz-current]").inner_text() == "Europe/London"
    page.locator("#id_tz").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Show times").click()
    assert page.locator("[data-tz-current]").inner_text() == "Asia/Tokyo"

    first = page.locator("a.slot").first
    shown = first.inner_text()
    first.click()
    fill_details(page)
    page.get_by_role("button", name="Book this call").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    text = page.locator("main").inner_text()
    assert shown in text and "(Asia/Tokyo)" in text

    lead = StrategyCallRequest.objects.get()
    assert (lead.visitor_time_zone, lead.source_page) == ("Asia/Tokyo", "/hubs/social-resilience/")
    assert lead.bookings.filter(status="active").count() == 1
    context.close()


def test_form_with_errors_and_thank_you_page_pass_axe(live_server, browser, london_practice):
    from tests.e2e import helpers

    helpers.require_axe()
    context = browser.new_context(bypass_csp=True, viewport=helpers.PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/strategy-call/?tz=Europe/Paris")
    page.locator("a.slot").first.click()
    page.get_by_role("button", name="Book this call").click()  # empty: every error shows
    assert "This field is required." in page.locator("main").inner_text()
    problems = helpers.blocking(helpers.run_axe(page))
    assert not problems, helpers.describe(problems)
    fill_details(page)
    page.get_by_role("button", name="Book this call").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    problems = helpers.blocking(helpers.run_axe(page))
    assert not problems, helpers.describe(problems)
    context.close()
