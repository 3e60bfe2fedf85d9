"""Dates on reader pages: one ``<time>`` element, readable text and a machine-readable value."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.utils import timezone


def render(value) -> str:
    return Template("{% load dates %}{% time_element value %}").render(Context({"value": value}))


def test_a_datetime_is_shown_in_the_current_time_zone_with_its_offset():
    moment = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    with timezone.override("Europe/Berlin"):
        assert render(moment) == '<time datetime="2027-01-01T00:30:00+01:00">1 January 2027</time>'
    assert render(moment) == Template(
        "<time datetime=\"{{ value|date:'c' }}\">{{ value|date:'j F Y' }}</time>"
    ).render(Context({"value": moment}))


def test_a_date_is_shown_as_it_is_and_no_date_shows_nothing():
    assert render(date(2026, 3, 4)) == '<time datetime="2026-03-04">4 March 2026</time>'
    assert render(None) == ""
    assert render("") == ""
