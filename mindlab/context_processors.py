from django.http import HttpRequest

from mindlab import site as site_defaults


def site(request: HttpRequest) -> dict:
    """Expose the site-wide editorial defaults (name, disclaimer, call to action)."""
    return {
        "SITE_NAME": site_defaults.SITE_NAME,
        "SITE_TAGLINE": site_defaults.SITE_TAGLINE,
        "DEFAULT_DISCLAIMER": site_defaults.DEFAULT_DISCLAIMER,
        "CTA_HEADING": site_defaults.CTA_HEADING,
        "CTA_TEXT": site_defaults.CTA_TEXT,
        "CTA_BUTTON": site_defaults.CTA_BUTTON,
    }
