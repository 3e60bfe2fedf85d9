"""Invisible control characters: refused in every text field, dropped where text leaves as XML.

A vertical tab pasted from a word processor or a stray ``\\x01`` shows as nothing on
screen, cannot be written in XML 1.0 (feeds, sitemaps) and is rejected by PostgreSQL when
it is a NUL. Text fields refuse them at validation with a message that says where the
character is; :func:`xml_safe` is the last line of defence for text already stored.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models

# C0 controls except tab, newline and carriage return; DEL; C1 controls (the mark of text
# decoded with the wrong code page); UTF-16 surrogates; the two non-characters XML refuses.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What XML 1.0 cannot carry at all (C1 and DEL are legal there).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_NAMES = {
    "\x00": "null",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1b": "escape",
    "\x7f": "delete",
}


def describe(character: str) -> str:
    """``U+000B (vertical tab)``."""
    code = f"U+{ord(character):04X}"
    name = _NAMES.get(character)
    return f"{code} ({name})" if name else code


def control_character_problem(value: str) -> str | None:
    """A message naming the first control character in ``value`` and where it is, or ``None``."""
    match = CONTROL_CHARACTERS.search(value)
    if match is None:
        return None
    line = value.count("\n", 0, match.start()) + 1
    column = match.start() - (value.rfind("\n", 0, match.start()) + 1) + 1
    where = f"line {line}, character {column}" if "\n" in value else f"character {match.start() + 1}"
    count = len(CONTROL_CHARACTERS.findall(value))
    more = f" and {count - 1} more like it" if count > 1 else ""
    return (
        f"This text holds an invisible control character, {describe(match.group())}, at {where}{more} "
        "(often left by pasting from a word processor). Delete it and save again."
    )


def refuse_control_characters(value: object) -> None:
    """Validator: raise ``ValidationError`` if ``value`` holds a control character."""
    if isinstance(value, str) and (problem := control_character_problem(value)):
        raise ValidationError(problem, code="control_character")


def xml_safe(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold."""
    return NOT_XML.sub("", value)


class RefusesControlCharacters:
    """Model mixin: ``clean_fields()`` refuses control characters in every text field.

    A mixin rather than a validator on each field: it covers fields added later without
    anyone remembering it, and it leaves the migrations alone. The admin, the importers
    and the APIs all call ``full_clean()``/``clean_fields()``, so each shows the message
    on the field concerned.
    """

    def clean_fields(self, exclude=None) -> None:
        exclude = set(exclude or ())
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if field.name in exclude or field.name in errors:
                continue
            if isinstance(field, models.CharField | models.TextField):
                try:
                    refuse_control_characters(field.value_from_object(self))
                except ValidationError as error:
                    errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)
