import pytest

from tests import factories

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_reader_goes_from_home_to_an_article(live_server, page):
    pillar = factories.make_pillar(number=2, name="Focus", slug="focus")
    hub = factories.make_hub(pillar, title="Attention Under Pressure", slug="attention")
    factories.make_article(hub, title="Why Switching Tasks Drains You", slug="switching")

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Pillar 2 — Focus").first.click()
    page.get_by_role("link", name="Attention Under Pressure").first.click()
    page.get_by_role("link", name="Why Switching Tasks Drains You").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Why Switching Tasks Drains You"
