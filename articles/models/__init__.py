"""Editorial content: pillars > hubs > articles, their authors, FAQs and cited works."""

from .article import Article, Takeaway
from .citations import PageCitation
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
    "PageCitation",
    "Pillar",
    "Publishable",
    "PublishableQuerySet",
    "SearchEntry",
    "SlugRedirect",
    "Status",
    "Takeaway",
]
