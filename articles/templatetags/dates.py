"""``{% time_element value %}``: a date as readers see it, inside its machine-readable ``<time>``.

One tag instead of two ``date`` filters per date (``datetime`` in ISO 8601, the text as
"2 December 2026"): list pages show a date per card, and the two filters, each
localising and formatting the value again, were the larger part of a search result's
render time (``benchmarks/search_bench.py``).
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

READABLE_FORMAT = "j F Y"


@register.simple_tag
def time_element(value: date | datetime | None) -> SafeString | str:
    """``<time datetime="…">2 December 2026</time>``; nothing for no date.

    A datetime is shown in the current time zone, its ``datetime`` attribute with its
    offset; a date is shown as it is.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), dateformat.format(value, READABLE_FORMAT)
    )
