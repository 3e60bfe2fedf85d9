from django.test import RequestFactory

from leads import attribution


def test_first_referrer_from_the_visit_wins_over_the_article_referer():
    request = RequestFactory().get(
        "/strategy-call/",
        {"from": "/articles/x/", "ref": "https://news.example.org/issue-12", "utm_source": "newsletter"},
        HTTP_REFERER="http://testserver/articles/x/",
    )
    data = attribution.capture(request)
    assert data == {
        "from": "/articles/x/",
        "referrer": "https://news.example.org/issue-12",
        "utm_source": "newsletter",
    }


def test_a_ref_that_is_not_a_web_address_is_ignored():
    request = RequestFactory().get(
        "/strategy-call/", {"ref": "javascript:alert(1)"}, HTTP_REFERER="https://a.example/"
    )
    assert attribution.capture(request)["referrer"] == "https://a.example/"
