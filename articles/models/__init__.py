"""Editorial content: pillars > hubs > articles, their authors, FAQs and cited works."""

from .article import Article, Takeaway
from .citations import PageCitation
from .coauthors import Coauthor
from .faq import FAQ
from .people import Author, AuthorLink, default_author
from .publishing import Publishable, PublishableQuerySet, Status, may_preview
from .redirects import SlugRedirect
from .search import SearchEntry
from .structure import Hub, Pillar

__all__ = [
    "FAQ",
    "Article",
    "Author",
    "AuthorLink",
    "Coauthor",
    "Hub",
    "PageCitation",
    "Pillar",
    "Publishable",
    "PublishableQuerySet",
    "SearchEntry",
    "SlugRedirect",
    "Status",
    "Takeaway",
    "default_author",
    "may_preview",
]
