"""Editorial content: pillars > hubs > articles, their authors and FAQs."""

from .article import Article, Takeaway
from .faq import FAQ
from .people import Author, AuthorLink
from .publishing import Publishable, PublishableQuerySet, Status
from .redirects import SlugRedirect
from .search import SearchEntry
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
    "SearchEntry",
    "SlugRedirect",
    "Status",
    "Takeaway",
]
