"""The booking page (choose a time, then say who you are), thank-you page, .ics, manage links."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import attribution, spam
from .availability import RuleSet, Slot, current_free_slots, group_by_local_day
from .booking import (
    BookingNotActive,
    RequestDetails,
    SlotTaken,
    cancel_booking,
    earlier_submission,
    reschedule_booking,
    submission_key,
    submit_request,
)
from .forms import NO_SLOT, SLOT_KEY, BookingForm, valid_zone, zone_choices
from .ics import build_calendar
from .links import LinkInvalid, read_manage_token, read_thanks_token, thanks_token
from .models import AvailabilityRules, Booking, StrategyCallRequest

TAKEN_MESSAGE = "That time was just taken — here are the nearest free times."
GONE_MESSAGE = "That time is no longer available — here are the nearest free times."


def _slot_days(slots: list[Slot], zone: zoneinfo.ZoneInfo, base_query: dict[str, str]) -> list[dict]:
    """Slots grouped by the visitor's day, each with the link that chooses it."""
    days = []
    for day, entries in group_by_local_day(slots, zone):
        days.append(
            {
                "date": day,
                "slots": [
                    {
                        "local": local,
                        "key": slot.key,
                        "href": "?" + urlencode({**base_query, "slot": slot.key}),
                    }
                    for local, slot in entries
                ],
            }
        )
    return days


def _slot_times(key: str, visitor_zone: str, practice_zone: str) -> dict | None:
    if not SLOT_KEY.match(key or ""):
        return None
    start = datetime.strptime(key, "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)
    return {
        "visitor": start.astimezone(zoneinfo.ZoneInfo(visitor_zone)),
        "practice": start.astimezone(zoneinfo.ZoneInfo(practice_zone)),
    }


def _page_context(request: HttpRequest, *, tz: str, token: str, rules: RuleSet, practice_zone: str) -> dict:
    return {
        "tz": tz,
        "tz_detected": "tz" in request.GET or request.method == "POST",
        "zone_choices": zone_choices(),
        "attribution_token": token,
        "practice_zone": practice_zone,
        "call_minutes": int(rules.call.total_seconds() // 60),
    }


@never_cache
@require_http_methods(["GET", "POST", "HEAD"])
def strategy_call(request: HttpRequest) -> HttpResponse:
    """Step 1 (no ``slot``): free times by day. Step 2 (``slot`` chosen or "none"): the form."""
    rules_row = AvailabilityRules.current()
    rules = RuleSet.from_db(rules_row)
    practice_zone = rules_row.time_zone
    source = request.POST if request.method == "POST" else request.GET
    tz = valid_zone(source.get("tz"), practice_zone)
    _data, token = attribution.for_request(request, source.get("a"))
    context = _page_context(request, tz=tz, token=token, rules=rules, practice_zone=practice_zone)

    if request.method == "POST":
        return _submit(request, context, tz)

    slot_key = request.GET.get("slot", "")
    free = current_free_slots(rules=rules)
    if not slot_key:
        context["days"] = _slot_days(free, zoneinfo.ZoneInfo(tz), {"tz": tz, "a": token})
        context["none_href"] = "?" + urlencode({"tz": tz, "a": token, "slot": NO_SLOT})
        return render(request, "leads/strategy_call.html", context)

    if slot_key != NO_SLOT and slot_key not in {slot.key for slot in free}:
        context["days"] = _slot_days(free, zoneinfo.ZoneInfo(tz), {"tz": tz, "a": token})
        context["none_href"] = "?" + urlencode({"tz": tz, "a": token, "slot": NO_SLOT})
        context["notice"] = "That time is no longer available. Please choose another."
        return render(request, "leads/strategy_call.html", context)

    form = BookingForm(initial={"slot": slot_key, "tz": tz, "a": token, "started": spam.form_timestamp()})
    return _render_form(request, context, form, slot_key)


def _render_form(
    request: HttpRequest,
    context: dict,
    form: BookingForm,
    slot_key: str,
    *,
    alternatives=None,
    status: int = 200,
) -> HttpResponse:
    tz = context["tz"]
    context.update(
        form=form,
        slot_key=slot_key,
        chosen=_slot_times(slot_key, tz, context["practice_zone"]) if slot_key != NO_SLOT else None,
        change_href="?" + urlencode({"tz": tz, "a": context["attribution_token"]}),
        alternatives=[
            {"key": slot.key, "local": slot.start.astimezone(zoneinfo.ZoneInfo(tz))}
            for slot in (alternatives or [])
        ],
    )
    return render(request, "leads/booking_form.html", context, status=status)


def _bot_response(slot_key: str, tz: str) -> HttpResponse:
    """What scripts see: the same redirect to a thank-you page; nothing is stored or sent."""
    return redirect("leads:thanks", token=thanks_token({"bot": 1, "slot": slot_key[:20], "tz": tz}))


def _submit(request: HttpRequest, context: dict, tz: str) -> HttpResponse:
    """Check for scripts and for this form having been sent already, then validate and store.

    The form's hidden ``started`` token is unique to each rendering; its hash is the
    idempotency key stored with the request (unique in the database). Sending the same
    form again (a double click, a replay, the back button) shows the first outcome.
    """
    post = request.POST
    started = post.get("started", "")[:200]
    slot_key = post.get("slot", "")[:20]
    if spam.honeypot_filled(post):
        return _bot_response(slot_key, tz)
    verdict = spam.check_timestamp(started)
    if verdict == spam.Verdict.BOT:
        return _bot_response(slot_key, tz)
    key = submission_key(started)
    earlier = earlier_submission(key)
    if earlier is not None:
        return redirect("leads:thanks", token=thanks_token({"r": earlier.pk}))
    return _process(request, context, post, key, slot_key, verdict, tz)


def _process(
    request: HttpRequest, context: dict, post, key: str, slot_key: str, verdict: str, tz: str
) -> HttpResponse:
    form = BookingForm(post)
    # Shown again after an error, the form keeps its first timestamp: a quick correction
    # must not look like a script. Only a stale form gets a new one.
    fresh = {"a": context["attribution_token"], "tz": tz}
    if verdict == spam.Verdict.STALE:
        form = BookingForm({**post.dict(), **fresh, "started": spam.form_timestamp()})
        form.is_valid()
        context["notice"] = "This page was open for a long time. Please check your details and send again."
        return _render_form(request, context, form, slot_key if SLOT_KEY.match(slot_key) else NO_SLOT)
    if not form.is_valid():
        clean_key = slot_key if SLOT_KEY.match(slot_key) else NO_SLOT
        form = _rebound(form, post, fresh)
        return _render_form(request, context, form, clean_key)

    # Only complete submissions count: a person correcting typos is never locked out.
    if spam.rate_limited(request):
        form = BookingForm({**post.dict(), **fresh})
        form.is_valid()
        context["notice"] = (
            "We have received several requests from your network in a short time. "
            "Please try again in an hour, or email us directly."
        )
        return _render_form(
            request, context, form, slot_key if SLOT_KEY.match(slot_key) else NO_SLOT, status=429
        )
    cleaned = form.cleaned_data
    details = RequestDetails(
        name=cleaned["name"],
        email=cleaned["email"],
        phone=cleaned["phone"],
        organisation=cleaned["organisation"],
        message=cleaned["message"],
        preferred_times=cleaned["preferred_times"],
        visitor_time_zone=tz,
        updates_opt_in=cleaned["updates"],
        attribution=attribution.loads(cleaned["a"]) or {},
    )
    slot = cleaned["slot"]
    try:
        lead = submit_request(details, None if slot == NO_SLOT else slot, key=key)
    except SlotTaken as taken:
        context["notice"] = TAKEN_MESSAGE if taken.offered else GONE_MESSAGE
        form = _rebound(form, post, fresh)
        return _render_form(request, context, form, slot, alternatives=taken.alternatives, status=409)
    return redirect("leads:thanks", token=thanks_token({"r": lead.pk}))


def _rebound(form: BookingForm, post, fresh: dict) -> BookingForm:
    """The same form (errors kept) with the checked zone and attribution for the next attempt."""
    rebound = BookingForm({**post.dict(), **fresh})
    rebound.is_valid()
    rebound._errors = form.errors
    return rebound


def _thanks_context(token: str) -> dict:
    try:
        payload = read_thanks_token(token)
    except LinkInvalid as error:
        raise Http404(str(error)) from error
    practice_zone = AvailabilityRules.current().time_zone
    if payload.get("bot"):
        tz = valid_zone(payload.get("tz"), practice_zone)
        return {
            "times": _slot_times(payload.get("slot", ""), tz, practice_zone),
            "tz": tz,
            "practice_zone": practice_zone,
        }
    lead = StrategyCallRequest.objects.filter(pk=payload.get("r")).first()
    if lead is None:
        raise Http404("This page has expired.")
    booking = lead.active_booking
    tz = lead.visitor_time_zone or practice_zone
    times = None
    if booking:
        times = {
            "visitor": booking.start.astimezone(zoneinfo.ZoneInfo(tz)),
            "practice": booking.start.astimezone(zoneinfo.ZoneInfo(practice_zone)),
        }
    return {"times": times, "tz": tz, "practice_zone": practice_zone, "lead": lead, "booking": booking}


@never_cache
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    """Confirmation with the booked time in both zones and an "add to calendar" link."""
    context = _thanks_context(token)
    context["token"] = token
    context["call_minutes"] = AvailabilityRules.current().call_minutes
    return render(request, "leads/thanks.html", context)


@never_cache
def calendar_file(request: HttpRequest, token: str) -> HttpResponse:
    """The booking as an .ics file (METHOD:PUBLISH, the same UID as the emailed invitation)."""
    context = _thanks_context(token)
    practice_zone = context["practice_zone"]
    if context.get("lead") and context.get("booking"):
        lead, booking = context["lead"], context["booking"]
    elif context.get("times") and not context.get("lead"):
        start = context["times"]["visitor"]
        rules = AvailabilityRules.current()
        lead = StrategyCallRequest(name="", email="")
        booking = Booking(start=start, end=start + timedelta(minutes=rules.call_minutes))
    else:
        raise Http404("No time is booked yet.")
    body = build_calendar(lead, booking, method="PUBLISH", practice_zone=practice_zone)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="strategy-call.ics"'
    return response


@never_cache
@require_http_methods(["GET", "POST", "HEAD"])
def manage(request: HttpRequest, action: str, token: str) -> HttpResponse:
    """Cancel or reschedule through an emailed link: GET shows, POST acts (links work once)."""
    if action not in {"cancel", "reschedule"}:
        raise Http404
    try:
        booking = read_manage_token(token, action)
    except LinkInvalid as error:
        return render(request, "leads/manage_invalid.html", {"reason": str(error)}, status=410)
    lead = booking.request
    rules_row = AvailabilityRules.current()
    practice_zone = rules_row.time_zone
    source = request.POST if request.method == "POST" else request.GET
    tz = valid_zone(source.get("tz") or lead.visitor_time_zone, practice_zone)
    context = {
        "action": action,
        "booking": booking,
        "lead": lead,
        "tz": tz,
        "tz_detected": True,
        "zone_choices": zone_choices(),
        "practice_zone": practice_zone,
        "current": {
            "visitor": booking.start.astimezone(zoneinfo.ZoneInfo(tz)),
            "practice": booking.start.astimezone(zoneinfo.ZoneInfo(practice_zone)),
        },
    }
    if action == "cancel":
        if request.method == "POST":
            try:
                cancel_booking(booking)
            except BookingNotActive:
                return render(
                    request,
                    "leads/manage_invalid.html",
                    {"reason": "This call was already changed."},
                    status=410,
                )
            return render(request, "leads/manage_done.html", {**context, "done": "cancelled"})
        return render(request, "leads/manage.html", context)

    slot_key = source.get("slot", "")[:20]
    if request.method == "POST" and SLOT_KEY.match(slot_key):
        try:
            new = reschedule_booking(booking, slot_key)
        except BookingNotActive:
            return render(
                request, "leads/manage_invalid.html", {"reason": "This call was already changed."}, status=410
            )
        except SlotTaken as taken:
            context["notice"] = TAKEN_MESSAGE if taken.offered else GONE_MESSAGE
            context["days"] = _slot_days(taken.alternatives, zoneinfo.ZoneInfo(tz), {"tz": tz})
            return render(request, "leads/manage.html", context, status=409)
        context["new"] = {
            "visitor": new.start.astimezone(zoneinfo.ZoneInfo(tz)),
            "practice": new.start.astimezone(zoneinfo.ZoneInfo(practice_zone)),
        }
        return render(request, "leads/manage_done.html", {**context, "done": "rescheduled"})
    if SLOT_KEY.match(slot_key):
        context["chosen"] = _slot_times(slot_key, tz, practice_zone)
        context["slot_key"] = slot_key
    else:
        free = current_free_slots()
        context["days"] = _slot_days(free, zoneinfo.ZoneInfo(tz), {"tz": tz})
    context["now"] = timezone.now()
    context["self_url"] = reverse("leads:manage", args=[action, token])
    return render(request, "leads/manage.html", context)
