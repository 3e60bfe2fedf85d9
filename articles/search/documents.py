"""The search document of a page: its text split by weight, built in this one place.

Title (A); lead (B): an article's subtitle, summary, takeaways and FAQ questions, a hub's
summary and FAQ questions; body (C): the visible text of the stored HTML. Indexing one
page and rebuilding the whole index both use these functions; with the page's takeaways
and FAQs prefetched (as ``rebuild_index`` does) they run no query.
"""

from __future__ import annotations

from ..models import Article, Hub
from .text import clean_text, join_text, plain_text


def article_document(article: Article) -> dict[str, str]:
    """The ``SearchEntry`` text fields of ``article``."""
    return {
        "title": clean_text(article.title),
        "lead": join_text(
            article.subtitle,
            article.summary,
            *(takeaway.text for takeaway in article.takeaways.all()),
            *(faq.question for faq in article.faqs.all()),
        ),
        "body": join_text(plain_text(article.body_html), plain_text(article.closing_summary_html)),
    }


def hub_document(hub: Hub) -> dict[str, str]:
    """The ``SearchEntry`` text fields of ``hub``."""
    return {
        "title": clean_text(hub.title if hub.display_name == hub.title else f"{hub.name}: {hub.title}"),
        "lead": join_text(hub.summary, *(faq.question for faq in hub.faqs.all())),
        "body": join_text(plain_text(hub.intro_html), plain_text(hub.closing_html)),
    }
