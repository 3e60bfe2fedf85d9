"""The booking page (choose a time, then say who you are), thank-you page, .ics, manage links."""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import timedelta
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mindlab import site

from . import attribution, display, spam
from .availability import RuleSet, Slot, current_free_slots
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
from .forms import NO_SLOT, BookingForm, CancelForm, slot_start, valid_zone
from .ics import build_calendar, build_practice_feed
from .links import LinkInvalid, manage_url, read_manage_token, read_thanks_token, thanks_token
from .models import AvailabilityRules, Booking, ReviewReason, StrategyCallRequest

TAKEN_MESSAGE = "That time was just taken — here are the nearest free times."
GONE_MESSAGE = "That time is no longer available — here are the nearest free times."


def _slot_calendar(request: HttpRequest, slots: list[Slot], tz: str, base_query: dict[str, str]) -> dict:
    """Step 1's month calendar and the chosen day's times (``?day=``, ``?month=``)."""
    return display.month_calendar(
        slots,
        zoneinfo.ZoneInfo(tz),
        {key: value for key, value in base_query.items() if value},
        day=request.GET.get("day"),
        month=request.GET.get("month"),
    )


def _slot_times(key: str, visitor_zone: str, practice_zone: str) -> dict | None:
    start = slot_start(key)
    if start is None:
        return None
    return {
        "visitor": start.astimezone(zoneinfo.ZoneInfo(visitor_zone)),
        "practice": start.astimezone(zoneinfo.ZoneInfo(practice_zone)),
    }


def _page_context(
    request: HttpRequest, *, tz: str, token: str, rules: RuleSet, rules_row: AvailabilityRules
) -> dict:
    twelve_hour = display.uses_twelve_hour_clock(request)
    return {
        "tz": tz,
        "tz_detected": "tz" in request.GET or request.method == "POST",
        "zone_groups": display.zone_groups(tz),
        "tz_now": timezone.now().astimezone(zoneinfo.ZoneInfo(tz)),
        "time_format": display.time_format(twelve_hour),
        "twelve_hour": twelve_hour,
        "attribution_token": token,
        "practice_zone": rules_row.time_zone,
        "call_minutes": int(rules.call.total_seconds() // 60),
        "call_how": rules_row.how_the_call_happens(),
        "rules": rules_row,
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
    context = _page_context(request, tz=tz, token=token, rules=rules, rules_row=rules_row)

    if request.method == "POST":
        return _submit(request, context, tz)

    slot_key = request.GET.get("slot", "")[:40]
    free = current_free_slots(rules=rules)
    if not slot_key or (slot_key != NO_SLOT and slot_key not in {slot.key for slot in free}):
        context["calendar"] = _slot_calendar(request, free, tz, {"tz": tz, "a": token})
        context["none_href"] = "?" + urlencode({"tz": tz, "a": token, "slot": NO_SLOT})
        if slot_key:
            context["notice"] = "That time is no longer available. Please choose another."
        return render(request, "leads/strategy_call.html", context)

    form = _booking_form(
        context, initial={"slot": slot_key, "tz": tz, "a": token, "started": spam.form_timestamp()}
    )
    return _render_form(request, context, form, slot_key)


def _booking_form(context: dict, data=None, **kwargs) -> BookingForm:
    return BookingForm(data, phone_required=context["rules"].client_gives_phone, **kwargs)


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


def _submit(request: HttpRequest, context: dict, tz: str) -> HttpResponse:
    """Check for scripts and for this form having been sent already, then validate and store.

    The form's hidden ``started`` token is unique to each rendering; its hash is the
    idempotency key stored with the request (unique in the database). Sending the same
    form again (a double click, a replay, the back button) shows the first outcome.

    A form that fails a bot heuristic (the hidden field filled, sent faster than people
    type, no valid timestamp) is handled like any other and stored flagged for intake's
    review, its time held: a person whose browser autofilled it is never turned away, and
    nobody is shown a confirmation of a booking that does not exist.
    """
    post = request.POST
    started = post.get("started", "")[:200]
    slot_key = post.get("slot", "")[:20]
    verdict = spam.check_timestamp(started)
    review = ""
    if verdict == spam.Verdict.BOT:
        review = ReviewReason.NO_TIMESTAMP
    elif verdict == spam.Verdict.TOO_FAST:
        review = ReviewReason.TOO_FAST
    if spam.honeypot_filled(post):
        review = ReviewReason.HIDDEN_FIELD
    # Only a genuine timestamp identifies one rendering of the form.
    key = submission_key(started) if verdict != spam.Verdict.BOT else None
    if key and (earlier := earlier_submission(key)) is not None:
        return redirect("leads:thanks", token=thanks_token({"r": earlier.pk}))
    return _process(request, context, post, key, slot_key, verdict, tz, review)


def _process(
    request: HttpRequest,
    context: dict,
    post,
    key: str | None,
    slot_key: str,
    verdict: str,
    tz: str,
    review: str = "",
) -> HttpResponse:
    form = _booking_form(context, post)
    # Shown again after an error, the form keeps its first timestamp: a quick correction
    # must not look like a script. Only a stale form gets a new one.
    fresh = {"a": context["attribution_token"], "tz": tz}
    if verdict == spam.Verdict.STALE:
        form = _booking_form(context, {**post.dict(), **fresh, "started": spam.form_timestamp()})
        form.is_valid()
        context["notice"] = "This page was open for a long time. Please check your details and send again."
        return _render_form(request, context, form, slot_key if slot_start(slot_key) else NO_SLOT)
    clean_key = slot_key if slot_start(slot_key) else NO_SLOT
    if not form.is_valid():
        form = _rebound(context, form, post, fresh)
        return _render_form(request, context, form, clean_key)

    # Only complete submissions count: a person correcting typos is never locked out.
    if spam.rate_limited(request):
        form = _booking_form(context, {**post.dict(), **fresh})
        form.is_valid()
        context["rate_limited"] = True
        context["contact_email"] = site.CONTACT_EMAIL
        return _render_form(request, context, form, clean_key, status=429)
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
        lead = submit_request(details, None if slot == NO_SLOT else slot, key=key, review_reason=review)
    except SlotTaken as taken:
        context["notice"] = TAKEN_MESSAGE if taken.offered else GONE_MESSAGE
        form = _rebound(context, form, post, fresh)
        return _render_form(request, context, form, slot, alternatives=taken.alternatives, status=409)
    return redirect("leads:thanks", token=thanks_token({"r": lead.pk}))


def _rebound(context: dict, form: BookingForm, post, fresh: dict) -> BookingForm:
    """The same form (errors kept) with the checked zone and attribution for the next attempt."""
    rebound = _booking_form(context, {**post.dict(), **fresh})
    rebound.is_valid()
    rebound._errors = form.errors
    return rebound


def _thanks_context(token: str) -> dict:
    """The request a thank-you token names and the booking it shows.

    The token carries the request (``r``) and, for the pages after a change, the booking
    (``b``) whose calendar file is offered, cancelled or not.
    """
    try:
        payload = read_thanks_token(token)
    except LinkInvalid as error:
        raise Http404(str(error)) from error
    lead = StrategyCallRequest.objects.filter(pk=payload.get("r")).first() if "r" in payload else None
    if lead is None:
        raise Http404("This page has expired.")
    rules = AvailabilityRules.current()
    practice_zone = rules.time_zone
    booking = lead.bookings.filter(pk=payload["b"]).first() if "b" in payload else lead.active_booking
    tz = lead.visitor_time_zone or practice_zone
    times = None
    if booking:
        times = {
            "visitor": booking.start.astimezone(zoneinfo.ZoneInfo(tz)),
            "practice": booking.start.astimezone(zoneinfo.ZoneInfo(practice_zone)),
        }
    return {
        "times": times,
        "tz": tz,
        "practice_zone": practice_zone,
        "lead": lead,
        "booking": booking,
        "rules": rules,
        "call_how": rules.how_the_call_happens(lead.phone),
    }


@never_cache
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    """Confirmation with the booked time in both zones and an "add to calendar" link."""
    context = _thanks_context(token)
    context["token"] = token
    context["call_minutes"] = context["rules"].call_minutes
    context["time_format"] = display.time_format(display.uses_twelve_hour_clock(request))
    return render(request, "leads/thanks.html", context)


@never_cache
def calendar_file(request: HttpRequest, token: str) -> HttpResponse:
    """The booking as an .ics file (the same UID as the emailed invitation).

    METHOD:PUBLISH for a booked or moved call, METHOD:CANCEL for a cancelled one.
    """
    context = _thanks_context(token)
    lead, booking = context["lead"], context["booking"]
    if booking is None:
        raise Http404("No time is booked yet.")
    method = "PUBLISH" if booking.status == Booking.State.ACTIVE else "CANCEL"
    body = build_calendar(
        lead, booking, method=method, practice_zone=context["practice_zone"], rules=context["rules"]
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    name = "strategy-call.ics" if method == "PUBLISH" else "strategy-call-cancelled.ics"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _invalid_link(request: HttpRequest, reason: str, status: int = 410) -> HttpResponse:
    return render(request, "leads/manage_invalid.html", {"reason": reason}, status=status)


@never_cache
@require_http_methods(["GET", "POST", "HEAD"])
def manage(request: HttpRequest, action: str, token: str) -> HttpResponse:
    """Cancel or reschedule through an emailed link: GET shows, POST acts (links work once)."""
    if action not in {"cancel", "reschedule"}:
        raise Http404
    try:
        booking = read_manage_token(token, action)
    except LinkInvalid as error:
        return _invalid_link(request, str(error))
    lead = booking.request
    rules_row = AvailabilityRules.current()
    practice_zone = rules_row.time_zone
    source = request.POST if request.method == "POST" else request.GET
    tz = valid_zone(source.get("tz") or lead.visitor_time_zone, practice_zone)
    twelve_hour = display.uses_twelve_hour_clock(request)
    context = {
        "action": action,
        "booking": booking,
        "lead": lead,
        "tz": tz,
        "tz_detected": True,
        "zone_groups": display.zone_groups(tz),
        "tz_now": timezone.now().astimezone(zoneinfo.ZoneInfo(tz)),
        "time_format": display.time_format(twelve_hour),
        "twelve_hour": twelve_hour,
        "practice_zone": practice_zone,
        "call_how": rules_row.how_the_call_happens(lead.phone),
        "current": {
            "visitor": booking.start.astimezone(zoneinfo.ZoneInfo(tz)),
            "practice": booking.start.astimezone(zoneinfo.ZoneInfo(practice_zone)),
        },
    }
    if action == "cancel":
        return _cancel(request, context, booking)

    slot_key = source.get("slot", "")[:40]
    if slot_key and slot_start(slot_key) is None:
        return _invalid_link(
            request,
            "That is not a time we offer. Please go back to the link in your email and choose again.",
            400,
        )
    if request.method == "POST" and slot_key:
        try:
            new = reschedule_booking(booking, slot_key)
        except BookingNotActive:
            return _invalid_link(request, "This call was already changed.")
        except SlotTaken as taken:
            context["notice"] = TAKEN_MESSAGE if taken.offered else GONE_MESSAGE
            context["calendar"] = _slot_calendar(request, taken.alternatives, tz, {"tz": tz})
            return render(request, "leads/manage.html", context, status=409)
        context["new"] = {
            "visitor": new.start.astimezone(zoneinfo.ZoneInfo(tz)),
            "practice": new.start.astimezone(zoneinfo.ZoneInfo(practice_zone)),
        }
        context["ics_token"] = thanks_token({"r": lead.pk, "b": new.pk})
        return render(request, "leads/manage_done.html", {**context, "done": "rescheduled"})
    if slot_key:
        context["chosen"] = _slot_times(slot_key, tz, practice_zone)
        context["slot_key"] = slot_key
    else:
        context["calendar"] = _slot_calendar(request, current_free_slots(), tz, {"tz": tz})
    context["now"] = timezone.now()
    context["self_url"] = reverse("leads:manage", args=[action, token])
    return render(request, "leads/manage.html", context)


def _cancel(request: HttpRequest, context: dict, booking: Booking) -> HttpResponse:
    """The cancel page: an optional reason, or "reschedule instead"."""
    context["reschedule_url"] = manage_url(booking, "reschedule", absolute=False)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            cancel_booking(booking, reason=form.cleaned_data["reason"])
        except BookingNotActive:
            return _invalid_link(request, "This call was already changed.")
        context["ics_token"] = thanks_token({"r": booking.request_id, "b": booking.pk})
        return render(request, "leads/manage_done.html", {**context, "done": "cancelled"})
    context["form"] = form
    return render(request, "leads/manage.html", context)


@never_cache
def practice_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The practice's private calendar of upcoming calls, for any calendar app (secret address)."""
    rules = AvailabilityRules.current()
    if not rules.calendar_feed_token or not secrets.compare_digest(rules.calendar_feed_token, token):
        raise Http404
    since = timezone.now() - timedelta(days=1)
    bookings = Booking.objects.filter(status=Booking.State.ACTIVE, start__gte=since).select_related("request")
    response = HttpResponse(
        build_practice_feed(bookings, rules=rules), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
