"""Editorial content: pillars > hubs > articles, their authors and FAQs."""

from .article import Article, Takeaway
from .faq import FAQ
from .people import Author, AuthorLink
from .publishing import Publishable, PublishableQuerySet, Status
from .redirects import SlugRedirect
from .structure import Hub, Pillar

__all__ = [
    "FAQ",
    "Article",
    "Author",
    "AuthorLink",
    "Hub",
    "Pillar",
    "Publishable",
    "PublishableQuerySet",
    "SlugRedirect",
    "Status",
    "Takeaway",
]
