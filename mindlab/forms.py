"""The admin's sign-in form, with the length limit Django's form declares but does not check."""

from __future__ import annotations

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator


class SignInForm(AdminAuthenticationForm):
    """``AuthenticationForm`` sets the username's ``max_length`` after building the field,
    so the limit shows in the page but is never validated: a 300-character name reached
    ``authenticate()`` and the throttle's ``AccessAttempt`` row, which PostgreSQL refused.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
