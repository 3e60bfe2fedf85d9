"""The consent wording shown on the booking form, by version.

A request stores the version its visitor accepted; add a new entry (and set
``LEADS_CONSENT_VERSION``) whenever the wording changes, never edit an old one.
"""

from django.conf import settings

CONSENT_TEXTS: dict[str, str] = {
    "2026-11": (
        "I agree that MindLAB Neuroscience may store these details and contact me about this "
        "strategy call. Details are kept for a limited period and never shared."
    ),
}

UPDATES_TEXT = "Send me occasional updates and new articles (optional)."


def current_version() -> str:
    """The consent version in force (``LEADS_CONSENT_VERSION``)."""
    return settings.LEADS_CONSENT_VERSION


def current_text() -> str:
    """The wording of the consent version in force."""
    version = current_version()
    try:
        return CONSENT_TEXTS[version]
    except KeyError as error:
        raise LookupError(
            f"LEADS_CONSENT_VERSION={version!r} has no text in leads/consent.py CONSENT_TEXTS."
        ) from error
