"""Keep each page's cited works (``PageCitation`` rows of kind *cited*) in step with its text.

Runs on save (signals connected in ``ReferencesConfig.ready``), never per request.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from .markdown import cited_keys
from .models import Citation, PageCitation
from .signals import send_page_citations_changed


def page_field(page) -> str:
    """``"article"`` or ``"hub"``: the ``PageCitation`` column that points at ``page``."""
    from articles.models import Article, Hub

    if isinstance(page, Article):
        return "article"
    if isinstance(page, Hub):
        return "hub"
    raise TypeError(f"{type(page).__name__} pages have no reference list.")


def page_sources(page) -> list[str]:
    """Every Markdown text shown on the page: its own fields and its FAQ answers."""
    sources = [getattr(page, name) or "" for name in getattr(page, "markdown_fields", {})]
    if page.pk:
        sources += list(page.faqs.values_list("answer", flat=True))
    return sources


def sync_page_citations(page) -> None:
    """Make the page's *cited* rows match the keys in its texts (unknown keys are skipped)."""
    if page is None or page.pk is None:
        return
    column = page_field(page)
    keys: list[str] = []
    for source in page_sources(page):
        keys += [k for k in cited_keys(source) if k not in keys]
    with transaction.atomic():
        wanted = set(Citation.objects.filter(key__in=keys).values_list("pk", flat=True)) if keys else set()
        current = PageCitation.objects.filter(kind=PageCitation.Kind.CITED, **{column: page})
        have = set(current.values_list("citation_id", flat=True))
        if have - wanted:
            current.filter(citation_id__in=have - wanted).delete()
        PageCitation.objects.bulk_create(
            [
                PageCitation(citation_id=pk, kind=PageCitation.Kind.CITED, **{column: page})
                for pk in sorted(wanted - have)
            ]
        )
    send_page_citations_changed(page, have ^ wanted)


def rerender_pages_citing(citation_ids: list[int]) -> int:
    """Render again (and store) every page whose text cites one of these works."""
    from articles.models import Article, Hub

    if not citation_ids:
        return 0
    links = PageCitation.objects.filter(citation_id__in=citation_ids, kind=PageCitation.Kind.CITED)
    article_ids = set(links.exclude(article=None).values_list("article_id", flat=True))
    hub_ids = set(links.exclude(hub=None).values_list("hub_id", flat=True))
    count = 0
    for model, ids in ((Article, article_ids), (Hub, hub_ids)):
        for page in model.objects.filter(pk__in=ids):
            page.save(update_fields=[])
            for faq in page.faqs.all():
                faq.save(update_fields=[])
            count += 1
    return count


# --- signal receivers -----------------------------------------------------------------
def on_page_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        sync_page_citations(instance)


def on_faq_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    from articles.models import Article, Hub

    if instance.article_id:
        model, pk = Article, instance.article_id
    elif instance.hub_id:
        model, pk = Hub, instance.hub_id
    else:
        return
    # Load by id, never through the relation: when a page is deleted its FAQs go first
    # (cascade) and the page may already be gone; then there is nothing to sync.
    page = model.objects.filter(pk=pk).first()
    if page is not None:
        sync_page_citations(page)


def after_citation_saved(citation: Citation, created: bool, suffix_changes: list[Citation]) -> None:
    """Pages showing this work (or works whose year suffix moved) are rendered again.

    A new work also fixes pages that cited its key before it existed.
    """
    ids = [citation.pk] + [c.pk for c in suffix_changes]
    rerender_pages_citing(ids)
    if created:
        rerender_pages_mentioning(citation.key)


def rerender_pages_mentioning(key: str) -> int:
    """Render pages whose Markdown contains ``@key`` but do not list the work yet."""
    from articles.models import FAQ, Article, Hub

    needle = f"@{key}"
    pages = list(Article.objects.filter(Q(body__contains=needle) | Q(closing_summary__contains=needle)))
    pages += list(Hub.objects.filter(intro__contains=needle))
    for faq in FAQ.objects.filter(answer__contains=needle).select_related("article", "hub"):
        if faq.page is not None and faq.page not in pages:
            pages.append(faq.page)
    for page in pages:
        page.save(update_fields=[])
        for faq in page.faqs.all():
            faq.save(update_fields=[])
    return len(pages)
