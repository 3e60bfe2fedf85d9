"""Admin for the intake coordinator: pipeline, filters, search, CSV, notes, calendar, conversions."""

from __future__ import annotations

import csv
import secrets
import zoneinfo
from datetime import date, datetime, time, timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from .availability import current_free_slots, local_to_utc
from .booking import BookingNotActive, SlotTaken, book_for_request, cancel_booking, mark_spam
from .forms import zone_choices
from .models import (
    AvailabilityRules,
    BlockedPeriod,
    Booking,
    OutboundEmail,
    Status,
    StrategyCallRequest,
    WeeklyWindow,
)
from .tasks import enqueue_delivery

CSV_FIELDS = [
    "id",
    "created_at",
    "status",
    "name",
    "email",
    "phone",
    "organisation",
    "visitor_time_zone",
    "booked_start_utc",
    "booking_status",
    "message",
    "preferred_times",
    "internal_notes",
    "cancellation_reason",
    "review_reason",
    "source_page",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "referrer",
    "consent_version",
    "consent_at",
    "updates_opt_in",
    "became_client",
]


def csv_safe(value: object) -> str:
    """A cell that spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


class SourcePageFilter(admin.SimpleListFilter):
    title = "source page"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        pages = (
            StrategyCallRequest.objects.exclude(source_page="")
            .values_list("source_page", flat=True)
            .annotate(n=Count("id"))
            .order_by("-n")[:30]
        )
        return [("__direct__", "(direct)"), *[(page, page) for page in pages]]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "__direct__":
            return queryset.filter(source_page="")
        if value:
            return queryset.filter(source_page=value)
        return queryset


class BookingInline(admin.TabularInline):
    model = Booking
    extra = 0
    can_delete = False
    fields = ("start", "end", "blocked_until", "status", "cancelled_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OutboundEmailInline(admin.TabularInline):
    model = OutboundEmail
    extra = 0
    can_delete = False
    fields = ("kind", "to", "status", "attempts", "next_attempt_at", "sent_at", "last_error")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StrategyCallRequest)
class StrategyCallRequestAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "name",
        "email",
        "status",
        "review_reason",
        "booked_time",
        "source_page",
        "became_client",
    )
    list_filter = (
        "status",
        "review_reason",
        SourcePageFilter,
        ("created_at", admin.DateFieldListFilter),
        "became_client",
    )
    list_editable = ("status",)
    search_fields = ("name", "email", "organisation", "phone", "source_page", "internal_notes")
    date_hierarchy = "created_at"
    actions = ["export_csv", "mark_contacted", "mark_spam", "not_spam"]
    inlines = [BookingInline, OutboundEmailInline]
    # The client's own words are theirs: intake reads them and writes notes beside them.
    readonly_fields = (
        "name",
        "email",
        "phone",
        "organisation",
        "message",
        "preferred_times",
        "review_reason",
        "cancellation_reason",
        "created_at",
        "updated_at",
        "visitor_time_zone",
        "consent_version",
        "consent_at",
        "updates_opt_in",
        "source_page",
        "referrer",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "anonymised_at",
    )
    fieldsets = (
        (None, {"fields": ("status", "review_reason", "became_client", "internal_notes")}),
        ("Who", {"fields": ("name", "email", "phone", "organisation", "visitor_time_zone")}),
        ("What they wrote", {"fields": ("message", "preferred_times", "cancellation_reason")}),
        ("Consent", {"fields": ("consent_version", "consent_at", "updates_opt_in")}),
        (
            "Where they came from",
            {
                "fields": (
                    "source_page",
                    "referrer",
                    "utm_source",
                    "utm_medium",
                    "utm_campaign",
                    "utm_term",
                    "utm_content",
                )
            },
        ),
        ("Record", {"fields": ("created_at", "updated_at", "anonymised_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bookings")

    @admin.display(description="booked (practice time)")
    def booked_time(self, obj: StrategyCallRequest) -> str:
        active = [b for b in obj.bookings.all() if b.status == Booking.State.ACTIVE]
        zone = AvailabilityRules.current().zone
        return active[0].start.astimezone(zone).strftime("%a %d %b %Y, %H:%M") if active else "—"

    def get_list_display(self, request):
        """``booked_time`` with the practice's zone read once per page, not once per row."""
        zone = AvailabilityRules.current().zone

        @admin.display(description=f"booked ({zone.key})")
        def booked_time(obj: StrategyCallRequest) -> str:
            active = [b for b in obj.bookings.all() if b.status == Booking.State.ACTIVE]
            return active[0].start.astimezone(zone).strftime("%a %d %b %Y, %H:%M") if active else "—"

        return [booked_time if name == "booked_time" else name for name in self.list_display]

    def save_model(self, request, obj, form, change) -> None:
        """Marking a request as spam (here or in the list) frees the time it held."""
        super().save_model(request, obj, form, change)
        if change and obj.status == Status.SPAM and "status" in form.changed_data:
            mark_spam(obj)

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/book/",
                self.admin_site.admin_view(self.book_view),
                name="leads_strategycallrequest_book",
            ),
            path("calendar/", self.admin_site.admin_view(self.calendar_view), name="leads_calendar"),
            path("conversions/", self.admin_site.admin_view(self.conversions_view), name="leads_conversions"),
        ]
        return custom + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "calendar_url": reverse("admin:leads_calendar"),
            "conversions_url": reverse("admin:leads_conversions"),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description="Export selected requests as CSV", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="strategy-call-requests-{date.today()}.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_FIELDS)
        for lead in queryset.prefetch_related("bookings").order_by("created_at"):
            # The booked time stays in the export after a cancellation, with what became of it.
            bookings = sorted(lead.bookings.all(), key=lambda b: (b.status != Booking.State.ACTIVE, -b.pk))
            row = {f: getattr(lead, f, "") for f in CSV_FIELDS}
            row["booked_start_utc"] = bookings[0].start.isoformat() if bookings else ""
            row["booking_status"] = bookings[0].get_status_display() if bookings else ""
            writer.writerow([csv_safe(row[f]) for f in CSV_FIELDS])
        return response

    @admin.action(description="Mark as contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        updated = queryset.update(status=Status.CONTACTED, updated_at=timezone.now())
        self.message_user(request, f"{updated} marked as contacted.")

    @admin.action(description="Mark as spam (frees the times they hold)", permissions=["change"])
    def mark_spam(self, request, queryset):
        freed = 0
        leads = list(queryset)
        for lead in leads:
            freed += mark_spam(lead)
        self.message_user(request, f"{len(leads)} marked as spam; {freed} time(s) free again.")

    @admin.action(description="Not spam: clear the review flag", permissions=["change"])
    def not_spam(self, request, queryset):
        updated = queryset.exclude(review_reason="").update(review_reason="", updated_at=timezone.now())
        self.message_user(request, f"{updated} request(s) confirmed as genuine.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {})}
        lead = StrategyCallRequest.objects.filter(pk=object_id).first()
        open_statuses = {Status.NEW, Status.NEEDS_SCHEDULING, Status.CONTACTED}
        if (
            lead is not None
            and lead.status in open_statuses
            and not lead.bookings.filter(status=Booking.State.ACTIVE).exists()
        ):
            extra_context["book_url"] = reverse("admin:leads_strategycallrequest_book", args=[lead.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    def book_view(self, request: HttpRequest, pk: int) -> TemplateResponse | HttpResponse:
        """Book a free time for a request (practice time shown); the visitor gets the invitation."""
        lead = StrategyCallRequest.objects.filter(pk=pk).first()
        if lead is None:
            raise Http404
        if not self.has_change_permission(request, lead):
            raise PermissionDenied
        rules = AvailabilityRules.current()
        error = ""
        if request.method == "POST":
            try:
                booking = book_for_request(lead, request.POST.get("slot", "")[:20])
            except SlotTaken:
                error = "That time is no longer free: choose another."
            except BookingNotActive as problem:
                error = str(problem) or "This request already has a booked time."
            else:
                local = booking.start.astimezone(rules.zone)
                self.log_change(request, lead, f"Booked {local:%Y-%m-%d %H:%M} ({rules.time_zone}).")
                self.message_user(
                    request, f"Booked {local:%a %d %b, %H:%M} ({rules.time_zone}); invitation queued."
                )
                return HttpResponseRedirect(reverse("admin:leads_strategycallrequest_change", args=[lead.pk]))
        slots = [(slot.key, slot.start.astimezone(rules.zone)) for slot in current_free_slots()]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Book a time for {lead.name}",
            "lead": lead,
            "slots": slots,
            "error": error,
            "practice_zone": rules.time_zone,
            "opts": self.model._meta,
            "original": lead,
        }
        return TemplateResponse(request, "admin/leads/book.html", context)

    def calendar_view(self, request: HttpRequest) -> TemplateResponse:
        """Active bookings for the coming weeks, day by day in the practice's zone."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            weeks = max(1, min(int(request.GET.get("weeks", 4)), 26))
        except ValueError:
            weeks = 4
        rules = AvailabilityRules.current()
        zone = rules.zone
        today = timezone.now().astimezone(zone).date()
        start = local_to_utc(today, time(0), zone)
        end = local_to_utc(today + timedelta(days=7 * weeks), time(0), zone)
        bookings = Booking.objects.filter(
            status=Booking.State.ACTIVE, start__gte=start, start__lt=end
        ).select_related("request")
        days: dict[date, list] = {}
        for booking in bookings:
            local = booking.start.astimezone(zone)
            days.setdefault(local.date(), []).append(
                {
                    "start": local,
                    "end": booking.end.astimezone(zone),
                    "lead": booking.request,
                    "url": reverse("admin:leads_strategycallrequest_change", args=[booking.request_id]),
                }
            )
        rows = [
            (today + timedelta(days=i), days.get(today + timedelta(days=i), [])) for i in range(7 * weeks)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Booked calls, next {weeks} weeks ({rules.time_zone})",
            "rows": rows,
            "weeks": weeks,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/leads/calendar.html", context)

    def conversions_view(self, request: HttpRequest) -> TemplateResponse:
        """Requests per source page over a chosen period (spam excluded)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        form = ConversionPeriodForm(
            request.GET or None, initial={"start": today - timedelta(days=90), "end": today}
        )
        start, end = today - timedelta(days=90), today
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        zone = zoneinfo.ZoneInfo(str(timezone.get_current_timezone()))
        since = datetime.combine(start, time(0), tzinfo=zone)
        until = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone)
        rows = (
            StrategyCallRequest.objects.filter(created_at__gte=since, created_at__lt=until)
            .exclude(status=Status.SPAM)
            .values("source_page")
            .annotate(
                requests=Count("id", distinct=True),
                booked=Count("id", filter=Q(bookings__isnull=False), distinct=True),
                clients=Count("id", filter=Q(became_client=True), distinct=True),
            )
            .order_by("-requests", "source_page")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Requests per source page",
            "form": form,
            "rows": rows,
            "start": start,
            "end": end,
            "total": sum(r["requests"] for r in rows),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/leads/conversions.html", context)


class ConversionPeriodForm(forms.Form):
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError("The end must not be before the start.")
        return cleaned


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("start", "end", "status", "request_link", "created_at")
    list_filter = ("status", ("start", admin.DateFieldListFilter))
    search_fields = ("request__name", "request__email")
    date_hierarchy = "start"
    actions = ["cancel_and_notify"]
    readonly_fields = ("request", "start", "end", "blocked_until", "status", "created_at", "cancelled_at")

    def has_add_permission(self, request):
        return False

    @admin.display(description="request")
    def request_link(self, obj: Booking):
        url = reverse("admin:leads_strategycallrequest_change", args=[obj.request_id])
        return format_html('<a href="{}">{}</a>', url, obj.request.name)

    @admin.action(description="Cancel and send the visitor a calendar cancellation", permissions=["change"])
    def cancel_and_notify(self, request, queryset):
        done = 0
        for booking in queryset.filter(status=Booking.State.ACTIVE):
            try:
                cancel_booking(booking)
                done += 1
            except BookingNotActive:
                continue
        self.message_user(request, f"{done} booking(s) cancelled; the time is free again.")


class AvailabilityRulesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=zone_choices)

    class Meta:
        model = AvailabilityRules
        fields = [
            "time_zone",
            "call_minutes",
            "buffer_minutes",
            "minimum_notice_hours",
            "horizon_days",
            "call_method",
            "video_link",
            "practice_phone",
            "meeting_address",
        ]


class WeeklyWindowInline(admin.TabularInline):
    model = WeeklyWindow
    extra = 1


class BlockedPeriodInline(admin.TabularInline):
    model = BlockedPeriod
    extra = 1


@admin.register(AvailabilityRules)
class AvailabilityRulesAdmin(admin.ModelAdmin):
    form = AvailabilityRulesForm
    inlines = [WeeklyWindowInline, BlockedPeriodInline]
    list_display = ("__str__", "call_minutes", "buffer_minutes", "minimum_notice_hours", "horizon_days")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not AvailabilityRules.objects.exists()

    readonly_fields = ("calendar_feed",)
    actions = ["new_calendar_feed", "stop_calendar_feed"]

    @admin.display(description="private calendar address")
    def calendar_feed(self, obj: AvailabilityRules) -> str:
        if not obj.calendar_feed_token:
            return "Off. Use the action “Issue a new private calendar address” in the list."
        path = reverse("leads:practice_feed", args=[obj.calendar_feed_token])
        return f"{settings.SITE_URL}{path}"

    @admin.action(description="Issue a new private calendar address (the old one stops working)")
    def new_calendar_feed(self, request, queryset):
        for rules in queryset:
            rules.calendar_feed_token = secrets.token_urlsafe(32)
            rules.save(update_fields=["calendar_feed_token"])
            self.message_user(request, f"Subscribe to: {self.calendar_feed(rules)}")

    @admin.action(description="Turn the private calendar address off")
    def stop_calendar_feed(self, request, queryset):
        queryset.update(calendar_feed_token="")
        self.message_user(request, "The private calendar address no longer works.")

    def has_delete_permission(self, request, obj=None):
        """The rules in force cannot be deleted: booking needs them (edit them instead)."""
        return super().has_delete_permission(request, obj) and AvailabilityRules.objects.count() > 1


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "kind",
        "to",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    )
    list_filter = ("status", "kind")
    search_fields = ("to", "subject")
    actions = ["send_again"]
    readonly_fields = (
        "request",
        "kind",
        "to",
        "subject",
        "body",
        "ics_method",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "created_at",
    )
    exclude = ("ics",)

    def has_add_permission(self, request):
        return False

    @admin.display(description="last error")
    def short_error(self, obj: OutboundEmail) -> str:
        return obj.last_error[:80]

    @admin.action(description="Send again now (emails that gave up)", permissions=["change"])
    def send_again(self, request, queryset):
        count = 0
        for email in queryset.filter(status=OutboundEmail.State.FAILED):
            email.status = OutboundEmail.State.PENDING
            email.attempts = 0
            email.save(update_fields=["status", "attempts"])
            enqueue_delivery(email)
            count += 1
        level = messages.SUCCESS if count else messages.WARNING
        self.message_user(request, f"{count} email(s) queued again.", level)
