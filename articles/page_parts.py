"""An article's public page, rendered once and stored until something it shows changes.

Rendering an article page means formatting 20 references in APA style, building the
JSON-LD graph, ranking related reading and running a few hundred template nodes: about
30 ms. None of that depends on who is reading, so it is done once, like the Markdown
(``Article.body_html``): the first reader to ask for a page after a change renders its
*parts* (``articles/article_parts/``: the ``<head>`` tags, the breadcrumbs and everything
inside ``<main>``) and stores them in ``ArticlePageParts``; later readers get the site's
frame (``base.html``: header, navigation, footer) rendered around the stored parts, after
one query that also checks, live, that the article is still published.

This is not the page cache (``mindlab.pagecache``), which keeps whole responses and
forgets all of them on any edit. Stored parts belong to one article and are forgotten
only when something that article's page shows changes; staff and previews always get
freshly rendered parts, never stored ones.

When stored parts are stale
---------------------------
* Their ``release`` differs from :func:`release`: a fingerprint of the code and
  templates that render them and of the settings they show (site address, media URL,
  site name and call to action). A deploy that changes any of these re-renders pages
  as readers ask for them.
* Their ``expires_at`` has passed: the earliest scheduled publication anywhere at the
  time they were rendered (a scheduled article can change related reading, a scheduled
  hub the breadcrumbs), so scheduled content appears at its time.
* They were marked stale (``release = ""``) by the receivers below, which follow
  what a page shows:

  - the article itself, its takeaways, FAQs and reference links;
  - its author and medical reviewer (and their profile links);
  - the articles it lists under "Related reading" (``listed_article_ids``), and, when
    an article is published, unpublished, rescheduled or moved, every article that
    could list it (same hub, same pillar, sharing a cited work);
  - the works it cites;
  - any hub or pillar (rare, structural edits): every stored page.

  Each receiver marks at once and again when the transaction commits. Code that writes
  behind Django's back (``QuerySet.update()``, ``bulk_create``, raw SQL) calls
  :func:`content_changed` for what it changed, or ``mindlab.pagecache.invalidate()``
  (also ``manage.py clear_page_cache``), which marks every stored page stale.

Races
-----
A reader may render parts from data an editor is changing at that moment. Parts are
stored with the page cache's content generation read *before* rendering; it changes
on every content edit (at once and on commit), so if it moved by the time the parts are
stored they are marked stale straight away and the next reader renders them again.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from mindlab import pagecache, site

from .models import FAQ, Article, ArticlePageParts, Author, AuthorLink, Hub, Pillar, Status, Takeaway

PART_TEMPLATES = {
    "head": "articles/article_parts/head.html",
    "breadcrumbs": "articles/article_parts/breadcrumbs.html",
    "main": "articles/article_parts/main.html",
}
# Fields of an article that other pages show (related-reading cards).
LISTED_FIELDS = ("title", "slug", "summary")
# Fields that decide which pages list an article at all.
PLACEMENT_FIELDS = ("status", "published_at", "hub_id", "position")

Parts = dict[str, SafeString]


# --- Release fingerprint ---------------------------------------------------------------
def _source_files() -> list[Path]:
    """Every template and Python module that can change what the parts contain."""
    base = Path(settings.BASE_DIR)
    roots = [base / "templates"] + [base / package for package in ("articles", "references", "mindlab")]
    return [
        path
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.suffix in (".py", ".html") and "migrations" not in path.parts and "tests" not in path.parts
    ]


@functools.cache
def _code_fingerprint() -> str:
    """Hash of the sources' contents and the static manifest: fixed for a process's life."""
    digest = hashlib.blake2b(digest_size=16)
    for path in _source_files():
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    digest.update(pagecache.release_id().encode())
    return digest.hexdigest()


def _development_fingerprint() -> str:
    """With ``DEBUG`` the server reloads templates without restarting: follow the files' times."""
    digest = hashlib.blake2b(digest_size=16)
    for path in _source_files():
        stat = path.stat()
        digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


def release() -> str:
    """What stored parts must have been rendered with to be served (code, templates, settings)."""
    shown_settings = (
        settings.SITE_URL,
        settings.MEDIA_URL,
        site.SITE_NAME,
        site.SITE_TAGLINE,
        site.DEFAULT_DISCLAIMER,
        site.CTA_HEADING,
        site.CTA_TEXT,
        site.CTA_BUTTON,
    )
    code = _development_fingerprint() if settings.DEBUG else _code_fingerprint()
    text = "\x1f".join((code, *map(str, shown_settings)))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


# --- Reading and writing -----------------------------------------------------------------
def _stored_parts_sql(connection) -> str:
    """Names come from the models (quoted); every value is a query parameter."""
    quote = connection.ops.quote_name
    parts, article = quote(ArticlePageParts._meta.db_table), quote(Article._meta.db_table)
    columns = ", ".join(f"p.{quote(name)}" for name in PART_TEMPLATES)
    return (
        f"SELECT {columns} FROM {parts} p INNER JOIN {article} a ON a.id = p.article_id "  # noqa: S608
        "WHERE a.slug = %s AND a.status = %s AND a.published_at <= %s "
        "AND p.release = %s AND (p.expires_at IS NULL OR p.expires_at > %s)"
    )


def stored_parts(slug: str, now=None) -> Parts | None:
    """The stored parts of the published article at ``slug``, if they are current (one query).

    Written in SQL on purpose: this is the article page's hot path, and building the
    same query with the ORM took ten times longer than running it (0.5 ms against
    0.05 ms on SQLite). ``tests/articles/test_page_parts.py`` checks it against the
    ORM's notion of "published".
    """
    connection = connections[ArticlePageParts.objects.db]
    moment = connection.ops.adapt_datetimefield_value(now or timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            _stored_parts_sql(connection), [slug, Status.PUBLISHED.value, moment, release(), moment]
        )
        values = cursor.fetchone()
    if values is None:
        return None
    return {name: mark_safe(value) for name, value in zip(PART_TEMPLATES, values, strict=True)}  # noqa: S308 - our own rendered templates


def begin_render() -> dict:
    """The page cache's content generation, to hand to :func:`store`.

    Read before any content is read. Its ``next`` is the earliest scheduled publication
    when the generation began: no edit since (else the generation would differ), so it is
    still the moment these parts may change by themselves.
    """
    return pagecache.current_state()


def render_parts(request: HttpRequest, context: dict) -> Parts:
    """Render the article page's parts (the context of ``views.article_detail``)."""
    return {
        name: mark_safe(render_to_string(template, context, request))  # noqa: S308 - autoescaped templates
        for name, template in PART_TEMPLATES.items()
    }


def store(article: Article, parts: Parts, *, listed: Iterable[Article], generation: dict) -> None:
    """Keep ``parts`` for readers; stale at once if content changed since ``generation``."""
    next_publish = generation["next"]
    row = ArticlePageParts(
        article_id=article.pk,
        listed_article_ids="," + "".join(f"{item.pk}," for item in listed),
        release=release(),
        expires_at=None if next_publish is None else datetime.fromtimestamp(next_publish, tz=UTC),
        rendered_at=timezone.now(),
        **parts,
    )
    ArticlePageParts.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=[*PART_TEMPLATES, "listed_article_ids", "release", "expires_at", "rendered_at"],
    )
    if pagecache.current_state()["gen"] != generation["gen"]:
        ArticlePageParts.objects.filter(pk=article.pk).update(release="")


# --- Marking stale -----------------------------------------------------------------------
def _mark(condition: Q) -> None:
    """Mark the stored pages matching ``condition`` stale now and when the transaction commits."""

    def mark() -> None:
        ArticlePageParts.objects.filter(condition).exclude(release="").update(release="")

    mark()
    transaction.on_commit(mark)


def mark_all_stale() -> None:
    """Every stored page is rendered again on its next request."""
    _mark(Q())


def _lists(article_id: int) -> Q:
    return Q(listed_article_ids__contains=f",{article_id},")


def _could_list(article: Article, hub_ids: set[int]) -> Q:
    """Every stored page whose related reading could include ``article``.

    Related reading draws from the same hub, the same pillar and articles sharing a
    cited work; every hub has a pillar, so "same pillar" covers "same hub".
    """
    pillar_ids = Hub.objects.filter(pk__in=hub_ids).values("pillar_id")
    condition = _lists(article.pk) | Q(article__hub__pillar_id__in=pillar_ids)
    from references.api import Citation

    cited = Citation.objects.filter(page_links__article_id=article.pk).values("pk")
    return condition | Q(article__citation_links__citation_id__in=cited)


def _moved(before: dict | None, instance: Article, fields: tuple[str, ...]) -> bool:
    """Did any of ``fields`` change in this save? (Unknown counts as changed.)"""
    if before is None or before.get("_new"):
        return True
    return any(before[name] != getattr(instance, name) for name in fields)


def content_changed(instance, *, before: dict | None = None, deleted: bool = False) -> None:
    """Mark stale every stored page that shows ``instance`` (any content model).

    ``before`` holds an article's ``LISTED_FIELDS`` and ``PLACEMENT_FIELDS`` as they were
    before the save (``None``: unknown, so assume they all changed).
    """
    if isinstance(instance, Article):
        condition = Q(article_id=instance.pk)
        if deleted or _moved(before, instance, LISTED_FIELDS + PLACEMENT_FIELDS):
            condition |= _lists(instance.pk)
        if not deleted and _moved(before, instance, PLACEMENT_FIELDS):
            hub_ids = {pk for pk in ((before or {}).get("hub_id"), instance.hub_id) if pk}
            condition |= _could_list(instance, hub_ids)
        _mark(condition)
    elif isinstance(instance, Takeaway | FAQ):
        if instance.article_id:
            _mark(Q(article_id=instance.article_id))
    elif isinstance(instance, Author | AuthorLink):
        author_id = instance.pk if isinstance(instance, Author) else instance.author_id
        _mark(Q(article__author_id=author_id) | Q(article__reviewed_by_id=author_id))
    elif isinstance(instance, Hub | Pillar):
        mark_all_stale()  # structure: breadcrumbs, JSON-LD and related reading of many pages
    else:
        from references.api import Citation

        if isinstance(instance, Citation):
            _mark(Q(article__citation_links__citation_id=instance.pk))


def citations_changed(page, citation_ids: Iterable[int]) -> None:
    """The works listed on ``page`` changed: its page and pages sharing those works are stale."""
    ids = list(citation_ids)
    condition = Q(article__citation_links__citation_id__in=ids) if ids else Q(pk__in=[])
    if isinstance(page, Article):
        condition |= Q(article_id=page.pk)
    _mark(condition)


# --- Signal receivers ------------------------------------------------------------------
def _remember_placement(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    before = None
    if instance.pk is not None:
        before = Article.objects.filter(pk=instance.pk).values(*LISTED_FIELDS, *PLACEMENT_FIELDS).first()
    instance._page_parts_before = before or {"_new": True}


def _saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        content_changed(instance, before=getattr(instance, "_page_parts_before", None))


def _deleted(sender, instance, **kwargs) -> None:
    content_changed(instance, deleted=True)


def _page_citations_changed(sender, page, citation_ids, **kwargs) -> None:
    citations_changed(page, citation_ids)


def _everything_changed(sender, **kwargs) -> None:
    mark_all_stale()


def connect_signals() -> None:
    """Called once from ``ArticlesConfig.ready``."""
    from references.api import Citation, page_citations_changed

    pre_save.connect(_remember_placement, sender=Article, dispatch_uid="page-parts-placement")
    for model in (Article, Takeaway, FAQ, Author, AuthorLink, Hub, Pillar, Citation):
        post_save.connect(_saved, sender=model, dispatch_uid=f"page-parts-saved-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"page-parts-deleted-{model.__name__}")
    page_citations_changed.connect(_page_citations_changed, dispatch_uid="page-parts-citations")
    pagecache.content_invalidated.connect(_everything_changed, dispatch_uid="page-parts-invalidated")
