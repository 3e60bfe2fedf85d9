"""The booking form (step 2) and the time-zone names the pages offer."""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, datetime
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


def slot_start(key: str) -> datetime | None:
    """The UTC start a slot key names, or None if it is not a real time ("24:00", "02-30")."""
    if not SLOT_KEY.match(key or ""):
        return None
    try:
        return datetime.strptime(key, "%Y-%m-%dT%H:%MZ").replace(tzinfo=UTC)
    except ValueError:
        return None


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


class SingleLineField(forms.CharField):
    """A one-line text: tabs and line breaks (pasted text) become single spaces; other control
    characters are refused by ``no_control_characters``."""

    def to_python(self, value):
        value = super().to_python(value)
        return re.sub(r"[ \t\r\n]*[\t\r\n][ \t\r\n]*", " ", value).strip() if value else value


class BookingForm(forms.Form):
    """Step 2: who is asking. Hidden fields carry the slot, zone, attribution and timestamp."""

    slot = forms.CharField(max_length=20, required=False)
    tz = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    a = forms.CharField(max_length=4000, required=False, widget=forms.HiddenInput)
    started = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)

    name = SingleLineField(
        label="Your name",
        max_length=120,
        validators=[no_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = SingleLineField(
        label="Phone (optional)",
        max_length=40,
        required=False,
        validators=[no_control_characters],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    organisation = SingleLineField(
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
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000, "data-counter": ""}),
    )
    preferred_times = forms.CharField(
        label="When would suit you?",
        help_text="Days and times that work for you, with your time zone.",
        max_length=1000,
        required=False,
        validators=[no_control_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000, "data-counter": ""}),
    )
    consent = forms.BooleanField(label="", required=True)
    updates = forms.BooleanField(label=UPDATES_TEXT, required=False)
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, phone_required: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = current_text()
        self.fields["consent"].error_messages["required"] = "Please agree to be contacted about this call."
        if phone_required:
            phone = self.fields["phone"]
            phone.required = True
            phone.label = "Phone (we will call you on it)"
            phone.error_messages["required"] = "Please give the number we should call you on."
        # Every field, hidden ones included, refuses control characters with a clear message.
        for _name, field in self.fields.items():
            if isinstance(field, forms.CharField) and not any(
                v in field.validators for v in (no_control_characters, no_control_characters_multiline)
            ):
                field.validators.append(no_control_characters)
        assert HONEYPOT_FIELD == "website"

    def clean_slot(self) -> str:
        value = self.cleaned_data.get("slot", "").strip()
        if value in {"", NO_SLOT}:
            return NO_SLOT
        if slot_start(value) is None:
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


class CancelForm(forms.Form):
    """The cancel page: why (optional, for the practice)."""

    reason = forms.CharField(
        label="Would you like to tell us why? (optional)",
        max_length=1000,
        required=False,
        validators=[no_control_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000, "data-counter": ""}),
    )
