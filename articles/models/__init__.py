"""Editorial content: pillars > hubs > articles, their authors, FAQs and cited works."""

from .article import Article, Takeaway
from .citations import PageCitation
from .coauthors import Coauthor
from .faq import FAQ
from .people import Author, AuthorLink, default_author
from .publishing import Publishable, PublishableQuerySet, Status, is_live, may_preview, published_q
from .redirects import SlugRedirect
from .search import SearchEntry
from .structure import Hub, Pillar, hub_display_name, pillar_display_name

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
    "hub_display_name",
    "is_live",
    "may_preview",
    "pillar_display_name",
    "published_q",
]
