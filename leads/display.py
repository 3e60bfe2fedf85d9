"""What the booking pages show: a month calendar of free days, one day's times, the zone picker.

Everything works as plain links and forms; ``static/leads/booking.js`` only improves it
(filtering the zone list, times in the browser's own 12/24-hour format).
"""

from __future__ import annotations

import calendar
import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils import timezone

from .availability import Slot, group_by_local_day
from .forms import zone_names

# Shown first in the zone picker: where most visitors are.
COMMON_ZONES = (
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Zurich",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Sao_Paulo",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Hong_Kong",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
)

# Regions whose people read times on a 12-hour clock (first language tag of Accept-Language).
TWELVE_HOUR_REGIONS = {"US", "CA", "AU", "NZ", "IN", "PH", "PK", "EG", "SA", "MX", "CO", "MY", "BD"}
TWELVE_HOUR_LANGUAGES = {"hi", "ar", "bn", "ur"}
_LANGUAGE_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?")


def uses_twelve_hour_clock(request: HttpRequest) -> bool:
    """Whether the visitor's first language (``Accept-Language``) uses a 12-hour clock."""
    match = _LANGUAGE_TAG.match(request.headers.get("Accept-Language", ""))
    if not match:
        return False
    language, region = match.group(1).lower(), (match.group(2) or "").upper()
    if region:
        return region in TWELVE_HOUR_REGIONS
    return language in TWELVE_HOUR_LANGUAGES


def time_format(twelve_hour: bool) -> str:
    """A Django ``date`` format for a time of day."""
    return "g:i A" if twelve_hour else "H:i"


def zone_groups(selected: str, now: datetime | None = None) -> list[dict]:
    """The zone picker's options: common zones first, then every zone, each with its time now."""
    now = now or timezone.now()
    names = zone_names()

    def option(name: str) -> dict:
        local = now.astimezone(zoneinfo.ZoneInfo(name))
        return {"value": name, "label": name.replace("_", " "), "now": local, "selected": name == selected}

    common = [option(name) for name in COMMON_ZONES if name in names]
    rest = [option(name) for name in sorted(names) if name not in COMMON_ZONES]
    return [{"label": "Common time zones", "options": common}, {"label": "All time zones", "options": rest}]


@dataclass
class Day:
    date: date
    in_month: bool
    count: int = 0
    href: str = ""
    selected: bool = False


def _month_key(day: date) -> str:
    return f"{day:%Y-%m}"


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


def month_calendar(
    slots: list[Slot],
    zone: zoneinfo.ZoneInfo,
    base_query: dict[str, str],
    *,
    day: str | None,
    month: str | None,
) -> dict:
    """Step 1: a month of days (those with free times are links) and the chosen day's times.

    ``day`` (``YYYY-MM-DD``) selects the day whose times are listed, by default the first
    with free times; ``month`` (``YYYY-MM``) the month shown, by default the chosen day's.
    """
    by_day = dict(group_by_local_day(slots, zone))
    free_days = sorted(by_day)
    chosen = _parse_day(day)
    if chosen not in by_day:
        chosen = free_days[0] if free_days else None
    months = sorted({_month_key(d) for d in free_days})
    if month in months and (chosen is None or _month_key(chosen) != month):
        chosen = next(d for d in free_days if _month_key(d) == month)
    shown = _month_key(chosen) if chosen else None
    if shown is None:
        return {"months": [], "weeks": [], "day": None, "times": []}
    year, number = (int(part) for part in shown.split("-"))
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, number):
        row = []
        for cell in week:
            entries = by_day.get(cell, [])
            href = "?" + urlencode({**base_query, "day": cell.isoformat()}) + "#times" if entries else ""
            row.append(
                Day(
                    cell,
                    cell.month == number,
                    len(entries),
                    href if cell.month == number else "",
                    cell == chosen,
                )
            )
        weeks.append(row)
    index = months.index(shown)
    nav = {}
    for name, offset in (("previous", -1), ("next", 1)):
        if 0 <= index + offset < len(months):
            target = months[index + offset]
            first_free = next(d for d in free_days if _month_key(d) == target)
            nav[name] = {
                "label": date(*map(int, target.split("-")), 1),
                "href": "?" + urlencode({**base_query, "day": first_free.isoformat(), "month": target}),
            }
    times = [
        {"local": local, "key": slot.key, "href": "?" + urlencode({**base_query, "slot": slot.key})}
        for local, slot in by_day.get(chosen, [])
    ]
    return {
        "month": date(year, number, 1),
        "weeks": weeks,
        "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "weekday_names": list(calendar.day_name),
        "nav": nav,
        "day": chosen if times else None,
        "times": times,
        "free_day_count": len(free_days),
    }
