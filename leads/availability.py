"""Free slots computed from the practice's rules with ``zoneinfo``.

Windows are wall-clock times in the practice's zone; each day's window is turned into an
absolute (UTC) interval with that day's offset, so daylight-saving changes in the
practice's zone move the UTC times, and the visitor's own zone only affects display.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from .models import AvailabilityRules, BlockedPeriod, Booking, WeeklyWindow


@dataclass(frozen=True)
class Slot:
    """A bookable call: start and end in UTC, and the time it blocks (end plus buffer)."""

    start: datetime
    end: datetime
    blocked_until: datetime

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and start < self.blocked_until

    @property
    def key(self) -> str:
        """The slot's identity in forms and links: its UTC start, ISO 8601 with ``Z``."""
        return self.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


@dataclass(frozen=True)
class RuleSet:
    """A plain copy of the rules, so the computation needs no database."""

    zone: zoneinfo.ZoneInfo
    call: timedelta
    buffer: timedelta
    notice: timedelta
    horizon_days: int
    windows: tuple[tuple[int, time, time], ...]
    blocked: tuple[tuple[datetime, datetime], ...] = ()

    @classmethod
    def from_db(cls, rules: AvailabilityRules | None = None) -> RuleSet:
        rules = rules or AvailabilityRules.current()
        zone = rules.zone
        windows = tuple(
            (w.weekday, w.start_time, w.end_time) for w in WeeklyWindow.objects.filter(rules=rules)
        )
        blocked = tuple(blocked_interval(b, zone) for b in BlockedPeriod.objects.filter(rules=rules))
        return cls(
            zone=zone,
            call=timedelta(minutes=rules.call_minutes),
            buffer=timedelta(minutes=rules.buffer_minutes),
            notice=timedelta(hours=rules.minimum_notice_hours),
            horizon_days=rules.horizon_days,
            windows=windows,
            blocked=blocked,
        )


def local_to_utc(day: date, at: time, zone: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time in ``zone``.

    A time skipped by a spring-forward gap moves forwards by the gap's length, as most
    calendars do: 02:30 on 8 March 2026 in New York (clocks jump 02:00 -> 03:00) is 03:30
    EDT. A time repeated by an autumn fold is its first occurrence (the earlier instant,
    still on summer time): 01:30 on 1 November 2026 in New York is 01:30 EDT.
    """
    naive = datetime.combine(day, at)
    # With ``fold=0`` zoneinfo reads a skipped time with the offset in force before the
    # gap (so it lands after the gap, shifted by its length) and a repeated time as its
    # first occurrence: exactly the rules above. ``fold=1`` would move a gap time backwards.
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC)


def blocked_interval(period: BlockedPeriod, zone: zoneinfo.ZoneInfo) -> tuple[datetime, datetime]:
    """A blocked period as a UTC interval ``[start, end)``."""
    start = local_to_utc(period.start_date, period.start_time or time(0), zone)
    if period.end_time is None:
        end = local_to_utc(period.end_date + timedelta(days=1), time(0), zone)
    else:
        end = local_to_utc(period.end_date, period.end_time, zone)
    return start, end


def candidate_slots(rules: RuleSet, now: datetime) -> list[Slot]:
    """Every slot the rules allow from ``now + notice`` to the horizon, ignoring bookings."""
    earliest = now + rules.notice
    first_day = now.astimezone(rules.zone).date()
    last_day = first_day + timedelta(days=rules.horizon_days)
    latest = local_to_utc(last_day + timedelta(days=1), time(0), rules.zone)
    step = rules.call + rules.buffer
    slots: list[Slot] = []
    day = first_day
    while day <= last_day:
        for weekday, start_time, end_time in rules.windows:
            if weekday != day.weekday():
                continue
            window_start = local_to_utc(day, start_time, rules.zone)
            window_end = local_to_utc(day, end_time, rules.zone)
            start = window_start
            while start + rules.call <= window_end:
                slot = Slot(start, start + rules.call, start + rules.call + rules.buffer)
                if earliest <= start < latest and not any(
                    slot.start < b_end and b_start < slot.end for b_start, b_end in rules.blocked
                ):
                    slots.append(slot)
                start += step
        day += timedelta(days=1)
    return sorted(set(slots), key=lambda s: s.start)


def free_slots(rules: RuleSet, now: datetime, taken: Iterable[tuple[datetime, datetime]] = ()) -> list[Slot]:
    """Candidate slots that do not overlap any taken ``[start, blocked_until)`` range."""
    taken = list(taken)
    return [slot for slot in candidate_slots(rules, now) if not any(slot.overlaps(s, e) for s, e in taken)]


def taken_ranges(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Blocked ranges of active bookings that touch ``[start, end)``."""
    return list(
        Booking.objects.filter(
            status=Booking.State.ACTIVE, start__lt=end, blocked_until__gt=start
        ).values_list("start", "blocked_until")
    )


def current_free_slots(now: datetime | None = None, rules: RuleSet | None = None) -> list[Slot]:
    """Free slots right now, from the rules and bookings in the database."""
    now = now or timezone.now()
    rules = rules or RuleSet.from_db()
    horizon_end = now + timedelta(days=rules.horizon_days + 2)
    return free_slots(rules, now, taken_ranges(now, horizon_end))


def find_slot(key: str, now: datetime | None = None, rules: RuleSet | None = None) -> Slot | None:
    """The candidate slot (free or not) whose key is ``key``, if the rules offer it."""
    now = now or timezone.now()
    rules = rules or RuleSet.from_db()
    for slot in candidate_slots(rules, now):
        if slot.key == key:
            return slot
    return None


def nearest_free(target: datetime, slots: list[Slot], count: int = 5) -> list[Slot]:
    """The ``count`` free slots closest in time to ``target``, in time order."""
    closest = sorted(slots, key=lambda s: abs((s.start - target).total_seconds()))[:count]
    return sorted(closest, key=lambda s: s.start)


def group_by_local_day(
    slots: Iterable[Slot], zone: zoneinfo.ZoneInfo
) -> list[tuple[date, list[tuple[datetime, Slot]]]]:
    """Slots grouped by the visitor's local date, each as ``(date, [(local start, slot), ...])``."""
    days: dict[date, list[tuple[datetime, Slot]]] = {}
    for slot in slots:
        local = slot.start.astimezone(zone)
        days.setdefault(local.date(), []).append((local, slot))
    return [(day, entries) for day, entries in sorted(days.items())]
