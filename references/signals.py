"""Signals other apps can listen to (exported by ``references.api``)."""

from django.dispatch import Signal

# The works listed on a page changed (cited in its text or attached as further reading).
# Sent with ``page`` (an Article or Hub) and ``citation_ids`` (the works added or removed),
# also for writes that send no model signals (``bulk_create``).
page_citations_changed = Signal()


def send_page_citations_changed(page, citation_ids) -> None:
    ids = sorted(set(citation_ids))
    if page is not None and ids:
        page_citations_changed.send(sender=type(page), page=page, citation_ids=ids)


def on_page_citation_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """A ``PageCitation`` row saved or deleted one at a time (the admin, the ORM)."""
    if raw:
        return
    from articles.models import Article, Hub

    if instance.article_id:
        page = Article(pk=instance.article_id)
    elif instance.hub_id:
        page = Hub(pk=instance.hub_id)
    else:
        return
    send_page_citations_changed(page, [instance.citation_id])
