"""Site-wide editorial defaults shown around every page."""

SITE_NAME = "MindLAB Neuroscience"
SITE_TAGLINE = "Neuroscience for people who lead"

DEFAULT_DISCLAIMER = (
    "This article is written for general education about the brain and behaviour. "
    "It is not medical or psychological advice, and reading it does not create a "
    "clinical relationship. If you are concerned about your health, speak with a "
    "qualified professional who knows your situation."
)

# Hubs say so: the same words about the hub page.
DEFAULT_HUB_DISCLAIMER = DEFAULT_DISCLAIMER.replace("This article", "This hub", 1)

CTA_HEADING = "Book a Strategy Call"
CTA_TEXT = (
    "Thirty minutes with the MindLAB team to look at what you are facing and whether "
    "a neuroscience-based programme fits it. No preparation needed."
)
CTA_BUTTON = "Book a Strategy Call"
