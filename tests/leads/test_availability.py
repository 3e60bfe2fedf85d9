"""Slots from the practice's rules, around the US and EU daylight-saving changes (fixed dates)."""

from __future__ import annotations

import itertools
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from leads.availability import RuleSet, Slot, free_slots, group_by_local_day, local_to_utc

LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def ruleset(
    zone="Europe/London", *, call=30, buffer=15, notice_hours=0, horizon=60, windows=None, blocked=()
):
    windows = windows or tuple((day, time(9), time(17)) for day in range(5))
    return RuleSet(
        zone=zoneinfo.ZoneInfo(zone),
        call=timedelta(minutes=call),
        buffer=timedelta(minutes=buffer),
        notice=timedelta(hours=notice_hours),
        horizon_days=horizon,
        windows=tuple(windows),
        blocked=tuple(blocked),
    )


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def first_slot_on(slots: list[Slot], day: date, zone: zoneinfo.ZoneInfo) -> Slot:
    return next(slot for slot in slots if slot.start.astimezone(zone).date() == day)


NOW = utc(2026, 2, 20, 12)


def test_london_practice_seen_from_new_york_across_the_spring_changes():
    slots = free_slots(ruleset("Europe/London", horizon=60), NOW)
    # Before either change: London GMT, New York EST (5 h apart).
    before = first_slot_on(slots, date(2026, 3, 2), LONDON)
    assert before.start == utc(2026, 3, 2, 9, 0)
    assert before.start.astimezone(NEW_YORK).time() == time(4, 0)
    # US changed on 8 March, the EU not until 29 March: only 4 h apart for three weeks.
    between = first_slot_on(slots, date(2026, 3, 9), LONDON)
    assert between.start == utc(2026, 3, 9, 9, 0)
    assert between.start.astimezone(NEW_YORK).time() == time(5, 0)
    # After the EU change: London BST, 09:00 local is 08:00 UTC, 04:00 in New York again.
    after = first_slot_on(slots, date(2026, 3, 30), LONDON)
    assert after.start == utc(2026, 3, 30, 8, 0)
    assert after.start.astimezone(NEW_YORK).time() == time(4, 0)


def test_london_practice_seen_from_new_york_across_the_autumn_changes():
    slots = free_slots(ruleset("Europe/London", horizon=60), utc(2026, 10, 1))
    assert first_slot_on(slots, date(2026, 10, 19), LONDON).start == utc(2026, 10, 19, 8, 0)
    assert first_slot_on(slots, date(2026, 10, 19), LONDON).start.astimezone(NEW_YORK).hour == 4
    # EU fell back on 25 October, the US not until 1 November.
    assert first_slot_on(slots, date(2026, 10, 26), LONDON).start == utc(2026, 10, 26, 9, 0)
    assert first_slot_on(slots, date(2026, 10, 26), LONDON).start.astimezone(NEW_YORK).hour == 5
    assert first_slot_on(slots, date(2026, 11, 2), LONDON).start.astimezone(NEW_YORK).hour == 4


def test_new_york_practice_seen_from_berlin():
    slots = free_slots(ruleset("America/New_York", horizon=60), NOW)
    assert first_slot_on(slots, date(2026, 3, 2), NEW_YORK).start == utc(2026, 3, 2, 14, 0)
    assert first_slot_on(slots, date(2026, 3, 2), NEW_YORK).start.astimezone(BERLIN).hour == 15
    assert first_slot_on(slots, date(2026, 3, 9), NEW_YORK).start == utc(2026, 3, 9, 13, 0)
    assert first_slot_on(slots, date(2026, 3, 9), NEW_YORK).start.astimezone(BERLIN).hour == 14
    assert first_slot_on(slots, date(2026, 3, 30), NEW_YORK).start.astimezone(BERLIN).hour == 15


def test_window_across_the_spring_forward_night_has_no_phantom_hour():
    rules = ruleset("America/New_York", call=60, buffer=0, windows=[(6, time(0), time(4))])
    slots = [
        s
        for s in free_slots(rules, utc(2026, 3, 1))
        if s.start.astimezone(NEW_YORK).date() == date(2026, 3, 8)
    ]
    assert [s.start for s in slots] == [utc(2026, 3, 8, 5), utc(2026, 3, 8, 6), utc(2026, 3, 8, 7)]
    assert [s.start.astimezone(NEW_YORK).strftime("%H:%M") for s in slots] == ["00:00", "01:00", "03:00"]


def test_window_across_the_fall_back_night_offers_the_repeated_hour_once_each():
    rules = ruleset("America/New_York", call=60, buffer=0, windows=[(6, time(0), time(4))])
    slots = [
        s
        for s in free_slots(rules, utc(2026, 10, 25))
        if s.start.astimezone(NEW_YORK).date() == date(2026, 11, 1)
    ]
    assert [s.start for s in slots] == [utc(2026, 11, 1, h) for h in range(4, 9)]
    assert len({s.start for s in slots}) == 5


def test_slots_group_by_the_visitors_own_date():
    slots = free_slots(
        ruleset("Europe/London", windows=[(0, time(16), time(17))], buffer=0), utc(2026, 11, 20)
    )
    auckland = zoneinfo.ZoneInfo("Pacific/Auckland")
    groups = group_by_local_day(slots[:2], auckland)
    # Monday 23 November 16:00 in London is Tuesday 05:00 in Auckland (NZDT, UTC+13).
    assert groups[0][0] == date(2026, 11, 24)
    assert groups[0][1][0][0].strftime("%H:%M") == "05:00"


def test_notice_and_horizon():
    now = utc(2026, 3, 2, 10, 0)  # Monday, London on GMT
    slots = free_slots(ruleset(notice_hours=24, horizon=7), now)
    assert slots[0].start == utc(2026, 3, 3, 10, 30)  # 09:00, 09:45 are inside the notice
    assert slots[-1].start < utc(2026, 3, 10, 0, 0)


def test_blocked_whole_day_and_part_of_a_day():
    day_off = (
        local_to_utc(date(2026, 3, 3), time(0), LONDON),
        local_to_utc(date(2026, 3, 4), time(0), LONDON),
    )
    lunch = (
        local_to_utc(date(2026, 3, 4), time(12), LONDON),
        local_to_utc(date(2026, 3, 4), time(14), LONDON),
    )
    slots = free_slots(ruleset(blocked=[day_off, lunch]), utc(2026, 3, 1))
    assert not [s for s in slots if s.start.date() == date(2026, 3, 3)]
    wednesday = [s.start.strftime("%H:%M") for s in slots if s.start.date() == date(2026, 3, 4)]
    assert "11:15" in wednesday
    assert not any("12:00" <= t < "14:00" for t in wednesday)
    assert "11:45" not in wednesday  # would end at 12:15, inside the block


def test_buffers_keep_calls_apart():
    rules = ruleset()
    slots = free_slots(rules, utc(2026, 3, 1), taken=[(utc(2026, 3, 2, 10, 0), utc(2026, 3, 2, 10, 45))])
    monday = [s.start.strftime("%H:%M") for s in slots if s.start.date() == date(2026, 3, 2)]
    # 09:45 would run into the booking at 10:00; 10:30 starts before its buffer ends.
    assert monday[:3] == ["09:00", "11:15", "12:00"]


@settings(max_examples=40, deadline=None)
@given(
    practice=st.sampled_from(
        ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo"]
    ),
    start_day=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    call=st.sampled_from([20, 30, 45, 60]),
    buffer=st.sampled_from([0, 10, 15]),
)
def test_every_slot_lies_in_a_window_and_none_overlap(practice, start_day, call, buffer):
    rules = ruleset(
        practice, call=call, buffer=buffer, horizon=14, windows=[(d, time(8), time(18)) for d in range(7)]
    )
    now = datetime.combine(start_day, time(0), tzinfo=UTC)
    slots = free_slots(rules, now)
    zone = zoneinfo.ZoneInfo(practice)
    for slot in slots:
        local_start, local_end = slot.start.astimezone(zone), slot.end.astimezone(zone)
        assert time(8) <= local_start.time() and local_end.time() <= time(18)
        assert slot.end - slot.start == timedelta(minutes=call)
    for first, second in itertools.pairwise(slots):
        assert second.start >= first.blocked_until


def test_a_wall_clock_time_in_the_spring_gap_moves_forwards():
    # New York, 8 March 2026: clocks jump from 02:00 EST to 03:00 EDT; 02:30 never happens.
    at = local_to_utc(date(2026, 3, 8), time(2, 30), NEW_YORK)
    assert at == utc(2026, 3, 8, 7, 30)
    assert at.astimezone(NEW_YORK).strftime("%H:%M %Z") == "03:30 EDT"
    # Either side of the gap is untouched.
    assert local_to_utc(date(2026, 3, 8), time(1, 59), NEW_YORK) == utc(2026, 3, 8, 6, 59)
    assert local_to_utc(date(2026, 3, 8), time(3, 0), NEW_YORK) == utc(2026, 3, 8, 7, 0)


def test_a_window_starting_inside_the_spring_gap_starts_after_it():
    rules = ruleset("America/New_York", call=30, buffer=0, windows=[(6, time(2, 30), time(4, 30))])
    slots = [
        s
        for s in free_slots(rules, utc(2026, 3, 1))
        if s.start.astimezone(NEW_YORK).date() == date(2026, 3, 8)
    ]
    assert [s.start.astimezone(NEW_YORK).strftime("%H:%M") for s in slots] == ["03:30", "04:00"]
    assert all(s.start >= utc(2026, 3, 8, 7, 30) for s in slots)


def test_a_wall_clock_time_in_the_autumn_fold_is_its_first_occurrence():
    # New York, 1 November 2026: 01:00–02:00 happens twice (EDT, then EST).
    at = local_to_utc(date(2026, 11, 1), time(1, 30), NEW_YORK)
    assert at == utc(2026, 11, 1, 5, 30)
    assert at.astimezone(NEW_YORK).strftime("%H:%M %Z") == "01:30 EDT"
    assert local_to_utc(date(2026, 11, 1), time(2, 0), NEW_YORK) == utc(2026, 11, 1, 7, 0)


def test_a_window_starting_inside_the_autumn_fold_covers_both_occurrences():
    rules = ruleset("America/New_York", call=30, buffer=0, windows=[(6, time(1, 30), time(2, 30))])
    slots = [
        s
        for s in free_slots(rules, utc(2026, 10, 25))
        if s.start.astimezone(NEW_YORK).date() == date(2026, 11, 1)
    ]
    # 01:30 EDT to 02:30 EST is two real hours: four half-hour calls, none twice.
    assert [s.start for s in slots] == [utc(2026, 11, 1, 5, 30) + timedelta(minutes=30 * i) for i in range(4)]
    assert [s.start.astimezone(NEW_YORK).strftime("%H:%M %Z") for s in slots] == [
        "01:30 EDT",
        "01:00 EST",
        "01:30 EST",
        "02:00 EST",
    ]
