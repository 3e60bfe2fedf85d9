"""The booking form (step 2) and the time-zone names the pages offer."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache

from django import forms
from django.core.exceptions import ValidationError

from .consent import UPDATES_TEXT, current_text
from .spam import HONEYPOT_FIELD

NO_SLOT = "none"
SLOT_KEY = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$")
_SINGLE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f]")
_MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PHONE = re.compile(r"^[0-9+()./\- ]{5,40}$|^[0-9+()./\- ]{5,30}(ext\.?|x) ?[0-9]{1,6}$", re.IGNORECASE)


@cache
def zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zone_names())]


def valid_zone(name: str | None, default: str) -> str:
    """``name`` if it is a known IANA zone, else ``default``."""
    return name if name in zone_names() else default


def no_control_characters(value: str) -> None:
    if "\x00" in value:
        raise ValidationError("Null characters are not allowed.", code="null_characters_not_allowed")
    if _SINGLE_LINE_FORBIDDEN.search(value):
        raise ValidationError("Please use a single line without control characters.", code="control")


def no_control_characters_multiline(value: str) -> None:
    if "\x00" in value:
        raise ValidationError("Null characters are not allowed.", code="null_characters_not_allowed")
    if _MULTI_LINE_FORBIDDEN.search(value):
        raise ValidationError("Please remove control characters from this text.", code="control")


class BookingForm(forms.Form):
    """Step 2: who is asking. Hidden fields carry the slot, zone, attribution and timestamp."""

    slot = forms.CharField(max_length=20, required=False)
    tz = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    a = forms.CharField(max_length=4000, required=False, widget=forms.HiddenInput)
    started = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)

    name = forms.CharField(
        label="Your name",
        max_length=120,
        validators=[no_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label="Phone (optional)",
        max_length=40,
        required=False,
        validators=[no_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    organisation = forms.CharField(
        label="Role / organisation (optional)",
        max_length=160,
        required=False,
        validators=[no_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    message = forms.CharField(
        label="What would you like to address? (optional)",
        help_text="A sentence or two is plenty. Please do not include medical details.",
        max_length=2000,
        required=False,
        validators=[no_control_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
    )
    preferred_times = forms.CharField(
        label="When would suit you?",
        help_text="Days and times that work for you, with your time zone.",
        max_length=1000,
        required=False,
        validators=[no_control_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )
    consent = forms.BooleanField(label="", required=True)
    updates = forms.BooleanField(label=UPDATES_TEXT, required=False)
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = current_text()
        self.fields["consent"].error_messages["required"] = "Please agree to be contacted about this call."
        assert HONEYPOT_FIELD == "website"

    def clean_slot(self) -> str:
        value = self.cleaned_data.get("slot", "").strip()
        if value in {"", NO_SLOT}:
            return NO_SLOT
        if not SLOT_KEY.match(value):
            raise ValidationError("Please choose one of the times offered.")
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        if value and not PHONE.match(value):
            raise ValidationError("Please enter a phone number with digits (and + ( ) - if needed).")
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("slot") == NO_SLOT and not (cleaned.get("preferred_times") or "").strip():
            self.add_error("preferred_times", "Tell us which days and times would suit you.")
        return cleaned
