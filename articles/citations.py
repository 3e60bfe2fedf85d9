"""Which pages cite which works: hubs and articles (and their FAQs) citing the references
library, through its public functions (``references.api``).

A page's *cited* works follow its Markdown: they are recomputed whenever the page or one
of its FAQs is saved or deleted. *Further reading* is attached by hand. When a work reads
differently (edited, or its year suffix moved because another work arrived), the pages
citing it are rendered again; a new work also fixes pages that cited its key before it
existed. ``connect()`` (called once at app start) wires all of this up.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

from mindlab import pagecache
from references import api as references

from . import markdown
from .models import FAQ, Article, Hub, PageCitation

Page = Article | Hub


def page_field(page: Page) -> str:
    """``"article"`` or ``"hub"``: the ``PageCitation`` column that points at ``page``."""
    if isinstance(page, Article):
        return "article"
    if isinstance(page, Hub):
        return "hub"
    raise TypeError(f"{type(page).__name__} pages have no reference list.")


def page_links(page: Page, kind: str | None = None):
    """The page's ``PageCitation`` rows (of one ``kind`` if given)."""
    links = PageCitation.objects.filter(**{page_field(page): page})
    return links.filter(kind=kind) if kind else links


# --- reading --------------------------------------------------------------------------
def citations_for_page(page: Page | None) -> list[references.Citation]:
    """The page's reference list: cited works and further reading, in APA order (one query).

    Year suffixes (2005a, 2005b) are this list's own: the works are copies carrying them.
    """
    if page is None or page.pk is None:
        return []
    works = references.Citation.objects.filter(**{f"page_links__{page_field(page)}_id": page.pk}).distinct()
    return references.with_list_suffixes(works)


def cited_works(page: Page) -> list[references.Citation]:
    """The works the page's texts cite (not its further reading), in APA order."""
    if page.pk is None:
        return []
    links = page_links(page, PageCitation.Kind.CITED).select_related("citation")
    return references.sort_references(link.citation for link in links)


def reference_list_works(page: Page, faq: FAQ | None = None) -> dict[str, references.Citation]:
    """The works the page's reference list will hold, by key, with that list's year suffixes.

    Read from the texts as they are in memory (``faq``'s answer in place of the stored one),
    so a page being saved renders its in-text citations as its list will read.
    """
    sources = [getattr(page, name) or "" for name in page.markdown_fields]
    if page.pk:
        answers = dict(page.faqs.values_list("pk", "answer"))
        if faq is not None:
            answers[faq.pk] = faq.answer or ""
        sources += list(answers.values())
    elif faq is not None:
        sources.append(faq.answer or "")
    keys: list[str] = []
    for source in sources:
        keys += [k for k in references.cited_keys(source) if k not in keys]
    wanted = Q(key__in=keys)
    if page.pk:
        wanted |= Q(
            **{f"page_links__{page_field(page)}_id": page.pk, "page_links__kind": PageCitation.Kind.FURTHER}
        )
    elif not keys:
        return {}
    works = references.Citation.objects.filter(wanted).distinct()
    return {work.key: work for work in references.with_list_suffixes(works)}


def list_suffixes(page: Page) -> dict[str, str]:
    """The year suffixes of the page's stored reference list, by key."""
    if page.pk is None:
        return {}
    works = references.Citation.objects.filter(**{f"page_links__{page_field(page)}_id": page.pk}).distinct()
    return references.list_year_suffixes(works)


def _render_again_if_suffixes_moved(page: Page, before: dict[str, str]) -> None:
    """A work joined or left the list and another's 2005a/2005b changed: render the page again."""
    after = list_suffixes(page)
    if any(before.get(key, "") != suffix for key, suffix in after.items() if key in before):
        _render_again(type(page).objects.filter(pk=page.pk))


def further_reading_ids(page: Page) -> list[int]:
    """Ids of the works attached to the page by hand."""
    if page.pk is None:
        return []
    return list(page_links(page, PageCitation.Kind.FURTHER).values_list("citation_id", flat=True))


def pages_citing(citation: references.Citation) -> list[PageCitation]:
    """Every page listing the work (drafts too), with how: cited or further reading."""
    return list(citation.page_links.select_related("article", "hub").order_by("kind", "pk"))


def references_download(citations: Iterable[references.Citation], fmt: str, name: str) -> HttpResponse:
    """The works as a file to download, ``<name>.<ext>`` (``fmt`` as in ``references.api``)."""
    text, content_type = references.export_citations(citations, fmt)
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{references.EXPORT_FORMATS[fmt]}"'
    return response


# --- writing --------------------------------------------------------------------------
def page_sources(page: Page) -> list[str]:
    """Every Markdown text shown on the page: its own fields and its FAQ answers."""
    sources = [getattr(page, name) or "" for name in page.markdown_fields]
    if page.pk:
        sources += list(page.faqs.values_list("answer", flat=True))
    return sources


def sync_page_citations(page: Page | None) -> None:
    """Make the page's *cited* rows match the keys in its texts (unknown keys are skipped).

    Done automatically when a page or one of its FAQs is saved.
    """
    if page is None or page.pk is None:
        return
    column = page_field(page)
    keys: list[str] = []
    for source in page_sources(page):
        keys += [k for k in references.cited_keys(source) if k not in keys]
    with transaction.atomic():
        wanted = (
            set(references.Citation.objects.filter(key__in=keys).values_list("pk", flat=True))
            if keys
            else set()
        )
        current = page_links(page, PageCitation.Kind.CITED)
        have = set(current.values_list("citation_id", flat=True))
        if wanted == have:
            return
        before = list_suffixes(page)
        if have - wanted:
            current.filter(citation_id__in=have - wanted).delete()
        PageCitation.objects.bulk_create(
            [
                PageCitation(citation_id=pk, kind=PageCitation.Kind.CITED, **{column: page})
                for pk in sorted(wanted - have)
            ]
        )
    if wanted - have:
        pagecache.invalidate()  # bulk_create sends no model signals
    _render_again_if_suffixes_moved(page, before)


def attach_further_reading(page: Page, citations: Iterable[references.Citation]) -> int:
    """List works on the page by hand (not cited in its text). Returns how many were added."""
    column = page_field(page)
    wanted = {c.pk for c in citations}
    have = set(
        page_links(page, PageCitation.Kind.FURTHER)
        .filter(citation_id__in=wanted)
        .values_list("citation_id", flat=True)
    )
    if not wanted - have:
        return 0
    before = list_suffixes(page)
    PageCitation.objects.bulk_create(
        [
            PageCitation(citation_id=pk, kind=PageCitation.Kind.FURTHER, **{column: page})
            for pk in sorted(wanted - have)
        ]
    )
    pagecache.invalidate()  # bulk_create sends no model signals: say so
    _render_again_if_suffixes_moved(page, before)
    return len(wanted - have)


def set_further_reading(page: Page, citations: Iterable[references.Citation]) -> None:
    """Make the page's further reading exactly ``citations``."""
    citations = list(citations)
    wanted = {c.pk for c in citations}
    before = list_suffixes(page)
    removed, _ = page_links(page, PageCitation.Kind.FURTHER).exclude(citation_id__in=wanted).delete()
    if removed:
        _render_again_if_suffixes_moved(page, before)
    attach_further_reading(page, citations)


# --- rendering pages again when works change ------------------------------------------
def _render_again(pages: Iterable[Page]) -> int:
    count = 0
    for page in pages:
        page.save(update_fields=[])
        for faq in page.faqs.all():
            faq.save(update_fields=[])
        count += 1
    return count


def rerender_pages_citing(citation_ids: Iterable[int]) -> int:
    """Render again (and store) every page whose text cites one of these works."""
    citation_ids = list(citation_ids)
    if not citation_ids:
        return 0
    links = PageCitation.objects.filter(citation_id__in=citation_ids, kind=PageCitation.Kind.CITED)
    article_ids = set(links.exclude(article=None).values_list("article_id", flat=True))
    hub_ids = set(links.exclude(hub=None).values_list("hub_id", flat=True))
    return _render_again(Article.objects.filter(pk__in=article_ids)) + _render_again(
        Hub.objects.filter(pk__in=hub_ids)
    )


def rerender_pages_mentioning(key: str) -> int:
    """Render pages whose Markdown contains ``@key`` but may not list the work yet."""
    needle = f"@{key}"
    pages: list[Page] = list(
        Article.objects.filter(Q(body__contains=needle) | Q(closing_summary__contains=needle))
    )
    pages += list(Hub.objects.filter(intro__contains=needle))
    for faq in FAQ.objects.filter(answer__contains=needle).select_related("article", "hub"):
        if faq.page is not None and faq.page not in pages:
            pages.append(faq.page)
    return _render_again(pages)


# --- signal receivers -----------------------------------------------------------------
def _on_page_saved(sender, instance: Page, raw: bool = False, **kwargs) -> None:
    if not raw:
        sync_page_citations(instance)


def _on_faq_changed(sender, instance: FAQ, raw: bool = False, **kwargs) -> None:
    if raw:
        return
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


def _on_citation_changed(
    sender, citation: references.Citation, created: bool, changed_ids: list[int], **kwargs
) -> None:
    """Pages showing this work (or works whose in-text form moved with it) are rendered again.

    A new work also fixes pages that cited its key before it existed.
    """
    rerender_pages_citing([citation.pk, *changed_ids])
    if created:
        rerender_pages_mentioning(citation.key)


def _key_in_use(sender, citation: references.Citation, old_key: str, **kwargs) -> list[str]:
    """The pages whose texts cite the work by its key (so it must not be renamed)."""
    links = citation.page_links.filter(kind=PageCitation.Kind.CITED).select_related("article", "hub")
    return [str(link.page) for link in links]


def connect() -> None:
    """Register the citation syntax with the Markdown renderer and keep page links in step."""
    markdown.register_plugin(references.citations_plugin)
    markdown.register_validator(references.citation_problems)
    for model in (Article, Hub):
        post_save.connect(_on_page_saved, sender=model, dispatch_uid=f"articles-citations-{model.__name__}")
    post_save.connect(_on_faq_changed, sender=FAQ, dispatch_uid="articles-citations-faq-save")
    post_delete.connect(_on_faq_changed, sender=FAQ, dispatch_uid="articles-citations-faq-delete")
    references.citation_changed.connect(
        _on_citation_changed, sender=references.Citation, dispatch_uid="articles-citations-work-changed"
    )
    references.citation_key_in_use.connect(
        _key_in_use, sender=references.Citation, dispatch_uid="articles-citations-key-in-use"
    )
