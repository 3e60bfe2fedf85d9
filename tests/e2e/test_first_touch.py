"""UTM tags and the referring site of a visit's first page reach the booking page."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests import factories

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_campaign_tags_follow_the_reader_to_the_booking_page(live_server, page):
    hub = factories.make_hub(title="Sleep and Recovery", slug="sleep")
    landing = factories.make_article(hub, title="The First Hour After Waking", slug="first-hour")
    other = factories.make_article(hub, title="Deciding When Tired", slug="tired")

    page.goto(
        f"{live_server.url}{landing.get_absolute_url()}?utm_source=newsletter&utm_campaign=autumn",
        referer="https://news.example.org/issue-12",
    )
    page.get_by_role("link", name="Deciding When Tired").first.click()
    page.wait_for_url(f"**{other.get_absolute_url()}")
    page.locator("aside.cta a").click()
    page.wait_for_url("**/strategy-call/**")

    query = parse_qs(urlsplit(page.url).query)
    assert query["from"] == [other.get_absolute_url()]
    assert query["utm_source"] == ["newsletter"]
    assert query["utm_campaign"] == ["autumn"]
    assert query["ref"] == ["https://news.example.org/issue-12"]
