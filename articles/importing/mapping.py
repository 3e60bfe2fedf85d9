"""Documents -> pillars, authors, hubs, articles, takeaways, FAQs and citations.

``Mapper.save`` stores one document; the caller wraps it in a transaction so a bad
document leaves nothing half-made. Re-importing the same page finds it by slug and
updates it (takeaways and FAQs are replaced, never appended).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from articles.models import (
    FAQ,
    Article,
    Author,
    AuthorLink,
    Coauthor,
    Hub,
    Pillar,
    SlugRedirect,
    Status,
    Takeaway,
    default_author,
)
from mindlab import pagecache

from . import citations as cites
from .document import AuthorInfo, Document, ImportProblem
from .plaintext import split_credentials
from .sections import pillar_line

_HONORIFIC = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms|mx)\.?\s+", re.I)


@dataclass
class Options:
    """What the command line fills in when a file does not say."""

    pillar: str = ""
    hub: str = ""
    author: str = ""
    status: str = ""


@dataclass
class Saved:
    kind: str
    slug: str
    created: bool
    message: str = ""


def _fit(value: str, limit: int, what: str, doc: Document, line: int | None = None) -> str:
    """Shorten text to a field's limit at a word boundary, with a warning."""
    value = (value or "").strip()
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    doc.note(line, f"{what} is {len(value)} characters; shortened to the {limit} the site allows")
    return cut.rstrip(" ,;:") + "…"


def _slug(doc: Document, limit: int = 200) -> str:
    slug = doc.slug or slugify(doc.title)[:limit].strip("-")
    if not slug:
        raise ImportProblem("no slug: give the page a title with letters or digits, or a 'slug'")
    return slug


def _name_key(name: str) -> str:
    """A name reduced for comparing: no titles, credentials, case or punctuation; "&" is "and"."""
    name = split_credentials(name)[0]
    name = re.sub(r"\s*&\s*", " and ", _HONORIFIC.sub("", name.strip()).lower())
    return re.sub(r"[^a-z0-9]+", " ", name).strip()


class Mapper:
    """Stores documents; keeps small lookups (authors, pillars) across a run."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.citations = cites.CitationCache()

    # --- entry point --------------------------------------------------------------------
    def save(self, doc: Document) -> Saved:
        if doc.kind == "library":
            created, matched = self.citations.store_library(doc.extra.get("items", []), doc.note)
            return Saved("library", doc.path, created > 0, f"{created} new works, {matched} already stored")
        if doc.kind == "pillar":
            return self.save_pillar(doc)
        if doc.kind == "author":
            author, created = self.author_from(doc.author or AuthorInfo(name=doc.title), doc, exact=True)
            if doc.image or doc.image_alt:
                self._image(author, "photo", "photo_alt", doc)
                self._validate(author)
                author.save()
            self._old_slugs(author, doc)
            if doc.extra.get("default_author"):
                author.make_default()
            return Saved("author", author.slug, created)
        if not doc.title:
            raise ImportProblem("the page has no title")
        if doc.kind == "hub":
            return self.save_hub(doc)
        return self.save_article(doc)

    # --- pillars ------------------------------------------------------------------------
    def save_pillar(self, doc: Document) -> Saved:
        data = doc.pillar if isinstance(doc.pillar, dict) else {}
        try:
            number = int(data.get("number"))
        except (TypeError, ValueError):
            raise ImportProblem("a pillar needs a 'number' (1, 2, 3...)") from None
        slug = _slug(doc, 140)
        pillar = Pillar.objects.filter(slug=slug).first() or Pillar.objects.filter(number=number).first()
        created = pillar is None
        pillar = pillar or Pillar()
        pillar.number, pillar.slug = number, slug
        pillar.name = _fit(doc.title, 120, "the pillar name", doc)
        pillar.summary = _fit(doc.summary, 300, "the summary", doc)
        pillar.intro = doc.body
        self._validate(pillar)
        pillar.save()
        self._old_slugs(pillar, doc)
        if doc.updated is not None:
            Pillar.objects.filter(pk=pillar.pk).update(updated_at=min(doc.updated, timezone.now()))
        return Saved("pillar", pillar.slug, created)

    def pillar_for(self, value: Any, doc: Document) -> Pillar | None:
        """A pillar from a number, slug, name, "Pillar N — Name" or ``{number, name}``; created if named."""
        if value in (None, ""):
            return None
        if isinstance(value, str):
            parsed = pillar_line(value.strip())
            if parsed:
                value = {"number": parsed[0], "name": parsed[1]}
            elif value.strip().isdigit():
                value = int(value.strip())
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            pillar = Pillar.objects.filter(number=value).first()
            if pillar is None:
                doc.note(doc.pillar_line, f"unknown pillar {value}: no pillar has that number")
            return pillar
        if isinstance(value, dict):
            try:
                number = int(value.get("number"))
            except (TypeError, ValueError):
                doc.note(doc.pillar_line, "unknown pillar: the pillar has no number")
                return None
            name = str(value.get("name") or "").strip()
            pillar = Pillar.objects.filter(number=number).first()
            if pillar is not None:
                if name and _name_key(name) != _name_key(pillar.name):
                    doc.note(
                        doc.pillar_line,
                        f"pillar {number} is called '{name}' here but '{pillar.name}' on the site; kept the site's name",
                    )
                return pillar
            if not name:
                doc.note(doc.pillar_line, f"unknown pillar {number} and no name to create it with")
                return None
            slug = slugify(name)[:140] or f"pillar-{number}"
            if Pillar.objects.filter(slug=slug).exists():
                slug = f"{slug[:130]}-{number}"
            pillar = Pillar(number=number, name=name[:120], slug=slug)
            pillar.save()
            doc.info(doc.pillar_line, f"created pillar {number} — {name}")
            return pillar
        text = str(value).strip()
        pillar = Pillar.objects.filter(slug=text).first() or Pillar.objects.filter(name__iexact=text).first()
        if pillar is None:
            key = _name_key(text)
            pillar = next((p for p in Pillar.objects.all() if _name_key(p.name) == key), None)
        if pillar is None:
            doc.note(doc.pillar_line, f"unknown pillar '{text}'")
        return pillar

    # --- authors ------------------------------------------------------------------------
    def author_for(self, doc: Document) -> Author | None:
        """The page's author: named by the page, else by ``--author``; a bare unknown slug is a warning."""
        info = doc.author
        if info is None and self.options.author:
            text = self.options.author.strip()
            info = AuthorInfo(slug=text) if text == slugify(text) else AuthorInfo(name=text)
        if info is None:
            chosen = default_author()
            if chosen is not None:
                doc.note(
                    None,
                    f"the page names no author: signed by {chosen.name}, the site's default author "
                    "(give 'author:' or --author to choose another)",
                )
            return chosen
        if not info.name and not Author.objects.filter(slug=info.slug).exists():
            doc.note(info.line, f"unknown author '{info.slug}': imported without an author")
            return None
        return self.author_from(info, doc)[0]

    def author_from(self, info: AuthorInfo, doc: Document, *, exact: bool = False) -> tuple[Author, bool]:
        """Find the author by slug or name (ignoring titles like "Dr"); create if new; update the bio."""
        author = Author.objects.filter(slug=info.slug).first() if info.slug else None
        if author is None and info.name:
            key = _name_key(info.name)
            author = (
                Author.objects.filter(slug=slugify(key)).first()
                or Author.objects.filter(slug=slugify(info.name)).first()
            )
            if author is None:
                author = next(
                    (a for a in Author.objects.only("pk", "name", "slug") if _name_key(a.name) == key), None
                )
                if author is not None:
                    author = Author.objects.get(pk=author.pk)
        created = author is None
        if author is None:
            if not info.name:
                raise ImportProblem(f"unknown author '{info.slug}'", line=info.line)
            author = Author(name=info.name[:120], slug=info.slug or slugify(info.name)[:140])
            if not author.slug:
                raise ImportProblem(f"the author name '{info.name}' gives no usable slug", line=info.line)
            doc.info(info.line, f"created author {info.name}")
        fields = ("name", "credentials", "job_title", "institutions", "short_bio", "bio")
        changed = created
        for field in fields:
            value = getattr(info, field)
            limit = Author._meta.get_field(field).max_length
            if limit and value and len(value) > limit:
                value = _fit(value, limit, f"the author's {field.replace('_', ' ')}", doc, info.line)
            current = getattr(author, field)
            if exact or created:
                if value != current and (value or exact):
                    setattr(author, field, value)
                    changed = True
            elif value and field == "bio" and _squash(value) not in _squash(current):
                author.bio = value
                changed = True
                doc.info(info.line, f"updated the bio of {author.name} from this page")
            elif value and not current and field != "name":
                setattr(author, field, value)
                changed = True
        if changed:
            self._validate(author)
            author.save()
        if exact:
            author.links.all().delete()
            AuthorLink.objects.bulk_create(
                AuthorLink(author=author, label=label[:60], url=url, position=index)
                for index, (label, url) in enumerate(info.links)
            )
        return author, created

    # --- hubs and articles ----------------------------------------------------------------
    def save_hub(self, doc: Document) -> Saved:
        slug = _slug(doc)
        hub = Hub.objects.filter(slug=slug).first()
        named = slugify(doc.name)[:200].strip("-") if doc.name and not doc.slug else ""
        if named and named != slug:
            # A hub's address comes from its short name; one imported before by its headline keeps its own.
            if hub is None:
                slug = named
            hub = Hub.objects.filter(slug=named).first() or hub
        created = hub is None
        hub = hub or Hub(slug=slug)
        original = _values(hub) if hub.pk else None
        pillar = self.pillar_for(doc.pillar, doc) if doc.pillar else None
        if pillar is None and self.options.pillar:
            pillar = self.pillar_for(self.options.pillar, doc)
        if pillar is None and not created:
            pillar = hub.pillar
        if pillar is None:
            raise ImportProblem(
                "unknown pillar: a hub needs one (a 'Pillar N — Name' line, 'pillar:' in the front matter "
                "or --pillar)",
                line=doc.pillar_line,
            )
        hub.pillar = pillar
        hub.title = _fit(doc.title, 200, "the headline", doc)
        hub.name = _fit(doc.name, 200, "the hub's name", doc)
        hub.summary = _fit(doc.summary, 600, "the summary", doc)
        if doc.position is not None:
            hub.position = doc.position
        self._common(hub, doc)
        citations = self.citations.resolve(doc)
        hub.intro = self._linked(doc, doc.body, citations)
        hub.closing_text = self._linked(doc, doc.closing_text, citations)
        if doc.reviewer is not None or doc.reviewed is not None:
            doc.note(None, "hubs carry no medical review (articles do); the reviewer and date were ignored")
        self._store_page(hub, doc, citations, takeaways=None, original=original)
        if doc.hub_article_titles:
            self._claim_articles(hub, doc)
        return Saved("hub", hub.slug, created)

    def save_article(self, doc: Document) -> Saved:
        slug = _slug(doc)
        article = Article.objects.filter(slug=slug).first()
        created = article is None
        article = article or Article(slug=slug)
        original = _values(article) if article.pk else None
        hub_ref = doc.hub or self.options.hub
        if not hub_ref and created:
            hub_ref = _hub_from_breadcrumb(doc)
        if hub_ref:
            hub = (
                Hub.objects.filter(slug=hub_ref).first()
                or Hub.objects.filter(name__iexact=hub_ref).first()
                or Hub.objects.filter(title__iexact=hub_ref).first()
            )
            if hub is None:
                doc.note(None, f"unknown hub '{hub_ref}': imported as a standalone article")
            article.hub = hub
        if doc.position is not None:
            article.position = doc.position
        elif created and article.hub_id:
            highest = Article.objects.filter(hub=article.hub).aggregate(top=Max("position"))["top"]
            article.position = (highest or 0) + 1
        article.title = doc.title
        article.subtitle = _fit(doc.subtitle, 250, "the subtitle", doc)
        article.summary = _fit(doc.summary, 600, "the summary", doc)
        self._common(article, doc)
        citations = self.citations.resolve(doc)
        article.body = self._linked(doc, doc.body, citations)
        article.closing_summary = self._linked(doc, doc.closing_summary, citations)
        self._review(article, doc)
        if doc.image or doc.image_alt:
            self._image(article, "hero_image", "hero_alt", doc)
        takeaways = [_fit(text, 280, "a takeaway", doc) for text in doc.takeaways]
        self._store_page(article, doc, citations, takeaways=takeaways, original=original)
        return Saved("article", article.slug, created)

    def _common(self, page: Hub | Article, doc: Document) -> None:
        if doc.author is None and doc.coauthors:  # a list of authors: the first signs the page
            doc.author, doc.coauthors = doc.coauthors[0], doc.coauthors[1:]
        author = self.author_for(doc)
        if author is not None:
            page.author = author
        doc.extra["coauthor_ids"] = self._coauthor_ids(page, doc)
        # The page's own texts, kept as its own: empty ones mean the site's defaults.
        page.disclaimer = doc.disclaimer
        page.cta_heading = _fit(doc.cta_heading, 120, "the call to action heading", doc)
        page.cta_text = doc.cta_text
        page.cta_button = _fit(doc.cta_button, 60, "the call to action button label", doc)
        page.seo_title = _fit(doc.seo_title, 70, "the SEO title", doc)
        page.seo_description = _fit(doc.seo_description, 160, "the SEO description", doc)
        if doc.published is not None:
            page.published_at = doc.published

    def _image(self, obj, image_field: str, alt_field: str, doc: Document) -> None:
        """An image the media storage already holds, by name (as ``export_content`` writes it)."""
        name = doc.image.strip().lstrip("./")
        if name:
            parts = name.replace("\\", "/").split("/")
            if name.startswith("/") or ".." in parts or ":" in parts[0]:
                doc.note(None, f"the image '{doc.image}' is not a name in the media storage; left out")
            elif not default_storage.exists(name):
                doc.note(
                    None,
                    f"the image '{name}' is not in the media storage (copy the media folder with the export); "
                    "left out",
                )
            else:
                getattr(obj, image_field).name = name
        if doc.image_alt or getattr(obj, image_field):
            setattr(
                obj,
                alt_field,
                _fit(doc.image_alt, obj._meta.get_field(alt_field).max_length, "the image description", doc),
            )

    def _old_slugs(self, page, doc: Document) -> None:
        """Old addresses of the page keep leading to it (a slug that is live elsewhere is left alone)."""
        model = type(page)
        for slug in doc.old_slugs:
            if slug == page.slug or model.objects.filter(slug=slug).exists():
                continue
            SlugRedirect.objects.update_or_create(
                kind=page.slug_kind, old_slug=slug, defaults={"object_id": page.pk}
            )

    def _coauthor_ids(self, page: Hub | Article, doc: Document) -> list[int]:
        """The page's further authors (found or created by name or slug), in order, without repeats."""
        ids: list[int] = []
        for info in doc.coauthors:
            if not info.name and not Author.objects.filter(slug=info.slug).exists():
                doc.note(info.line, f"unknown co-author '{info.slug}': left out of the byline")
                continue
            author = self.author_from(info, doc)[0]
            if author.pk != page.author_id and author.pk not in ids:
                ids.append(author.pk)
        return ids

    def _review(self, article: Article, doc: Document) -> None:
        """The medical review: a reviewer (an author, found or created) and the date."""
        if doc.reviewer is None and doc.reviewed is None:
            article.reviewed_by, article.reviewed_at = None, None
            return
        if doc.reviewer is None or doc.reviewed is None:
            doc.note(
                (doc.reviewer.line if doc.reviewer else None),
                "a medical review needs both the reviewer and the date; the review was left out",
            )
            article.reviewed_by, article.reviewed_at = None, None
            return
        if not doc.reviewer.name and not Author.objects.filter(slug=doc.reviewer.slug).exists():
            doc.note(doc.reviewer.line, f"unknown reviewer '{doc.reviewer.slug}': the review was left out")
            article.reviewed_by, article.reviewed_at = None, None
            return
        reviewer = self.author_from(doc.reviewer, doc)[0]
        reviewed = (
            timezone.localtime(doc.reviewed).date()
            if timezone.is_aware(doc.reviewed)
            else doc.reviewed.date()
        )
        if reviewed > timezone.localdate():
            doc.note(
                doc.reviewer.line, f"the review date {reviewed} is in the future; the review was left out"
            )
            article.reviewed_by, article.reviewed_at = None, None
            return
        if not reviewer.credentials.strip():
            doc.note(
                doc.reviewer.line,
                f"the reviewer {reviewer.name} has no credentials on their profile; add them "
                "(e.g. “MD”) so the review can be shown",
            )
        article.reviewed_by, article.reviewed_at = reviewer, reviewed

    def _linked(self, doc: Document, markdown: str, citations: list) -> str:
        if doc.source_format != "plaintext" or not citations or not markdown:
            return markdown
        # Mentions matching no reference are reported by the citation checks (cites.check_document).
        linked, _unmatched = cites.link_mentions(
            markdown, citations, doc.extra.setdefault("linked_keys", set())
        )
        return linked

    def _publish_or_hold(self, page: Hub | Article, doc: Document) -> None:
        status = doc.status or self.options.status or (page.status if page.pk else Status.DRAFT)
        page.status = status
        if status == Status.PUBLISHED:
            problems = page.publishing_problems()
            if problems:
                page.status = Status.DRAFT
                doc.note(None, "imported as a draft, not published: " + " ".join(problems))

    def _store_page(
        self,
        page: Hub | Article,
        doc: Document,
        citations: list,
        takeaways: list[str] | None,
        original: dict | None,
    ) -> None:
        """Save the page, its takeaways and FAQs with one full save of the page.

        The takeaways and FAQs are written first (bulk, without per-row signals), so the
        page's one real save renders, indexes and syncs its cited works with them in place.
        A new page with takeaways or FAQs first gets a bare row for them to point at.
        """
        faqs = [
            (
                _fit(item.question, 300, "an FAQ question", doc, item.line),
                self._linked(doc, item.answer, citations),
            )
            for item in doc.faqs
        ]
        texts = [getattr(page, name) for name in page.markdown_fields] + [answer for _, answer in faqs]
        cited = self._check_markdown(page, doc, texts)
        self._validate(page)
        self._publish_or_hold(page, doc)
        coauthor_ids = doc.extra.get("coauthor_ids", [])
        if page.pk is None and (takeaways or faqs or coauthor_ids):
            # The row the takeaways and FAQs point at, inserted without the save machinery
            # (rendering, search, citations): the real save below does all of that once.
            sources = {name: getattr(page, name) for name in page.markdown_fields}
            for name in sources:
                setattr(page, name, "")
            type(page).objects.bulk_create([page])
            for name, value in sources.items():
                setattr(page, name, value)
        changed = original is None or _values(page) != original
        if page.pk is not None:  # else a new page with no takeaways and no FAQs
            if takeaways is not None:
                changed = _replace_takeaways(page, takeaways) or changed
            changed = _replace_faqs(page, faqs) or changed
            changed = _replace_coauthors(page, coauthor_ids) or changed
        if not changed:
            doc.info(None, "unchanged since the last import")
            self._old_slugs(page, doc)
            return
        page.save()
        self._old_slugs(page, doc)
        if citations:
            further = [citation for citation in citations if citation.key not in cited]
            if further:
                self.citations.attach_further_reading(page, further)
        stamp = doc.updated or doc.published
        if stamp is not None:
            # The page's own "last updated" date, not the day it was imported (never in the future).
            type(page).objects.filter(pk=page.pk).update(updated_at=min(stamp, timezone.now()))

    def _check_markdown(self, page, doc: Document, texts: list[str]) -> set[str]:
        """The renderer's limits as a clear message; unknown citation keys as a warning.

        Returns the keys the texts cite (for plain text: the mentions this import linked).
        """
        limit = settings.MARKDOWN_MAX_CHARS
        for text in texts:
            if len(text) > limit:
                raise ImportProblem(
                    f"a text of this page is {len(text):,} characters long; the most a page section can hold "
                    f"is {limit:,}. Split it into shorter pages"
                )
        if doc.source_format == "plaintext":
            return set(doc.extra.get("linked_keys", ()))
        cited = self.citations.cited_keys(*texts)
        for key in self.citations.unknown_keys(cited):
            doc.note(None, f"the text cites @{key}, which is no stored reference (add it to the library)")
        return cited

    def _claim_articles(self, hub: Hub, doc: Document) -> None:
        """Articles the hub lists, already imported and in no hub, join it in the listed order."""
        for position, title in enumerate(doc.hub_article_titles, start=1):
            article = (
                Article.objects.filter(slug=slugify(title)[:200]).first()
                or Article.objects.filter(title__iexact=title).first()
            )
            if article is not None and article.hub_id is None:
                Article.objects.filter(pk=article.pk).update(hub=hub, position=position)
                pagecache.invalidate()  # update() sends no signals
                doc.info(None, f"article '{article.title}' placed in this hub (listed as number {position})")

    def _validate(self, obj) -> None:
        """Field limits and formats (clear messages instead of database errors)."""
        exclude = [field.name for field in obj._meta.fields if field.is_relation]
        try:
            obj.clean_fields(exclude=exclude)
        except ValidationError as error:
            raise ImportProblem(_messages(error)) from error


def _values(page) -> dict:
    """What an import can change on the row (timestamps aside)."""
    return {
        field.attname: getattr(page, field.attname)
        for field in page._meta.concrete_fields
        if field.attname not in {"created_at", "updated_at"}
    }


def _replace_takeaways(article: Article, texts: list[str]) -> bool:
    current = list(article.takeaways.order_by("position", "pk"))
    if [(t.text, t.position) for t in current] == [(text, index) for index, text in enumerate(texts)]:
        return False
    for row, (index, text) in zip(current, enumerate(texts), strict=False):
        row.text, row.position = text, index
    Takeaway.objects.bulk_update(current[: len(texts)], ["text", "position"])
    if len(current) > len(texts):
        Takeaway.objects.filter(pk__in=[row.pk for row in current[len(texts) :]]).delete()
    Takeaway.objects.bulk_create(
        Takeaway(article=article, text=text, position=index)
        for index, text in list(enumerate(texts))[len(current) :]
    )
    return True


def _replace_faqs(page: Hub | Article, pairs: list[tuple[str, str]]) -> bool:
    key = "article" if isinstance(page, Article) else "hub"
    current = list(page.faqs.order_by("position", "pk"))
    if [(f.question, f.answer, f.position) for f in current] == [(q, a, i) for i, (q, a) in enumerate(pairs)]:
        return False
    rows = []
    for index, (question, answer) in enumerate(pairs):
        faq = current[index] if index < len(current) else FAQ(**{key: page})
        faq.question, faq.answer, faq.position = question, answer, index
        faq.render_markdown_fields()
        rows.append(faq)
    existing = [faq for faq in rows if faq.pk]
    FAQ.objects.bulk_update(existing, ["question", "answer", "answer_html", "position", "rendered_version"])
    FAQ.objects.bulk_create([faq for faq in rows if not faq.pk])
    if len(current) > len(pairs):
        FAQ.objects.filter(pk__in=[faq.pk for faq in current[len(pairs) :]]).delete()
    return True


def _replace_coauthors(page: Hub | Article, author_ids: list[int]) -> bool:
    key = "article" if isinstance(page, Article) else "hub"
    current = list(page.coauthors.order_by("position", "pk").values_list("author_id", flat=True))
    if current == author_ids:
        return False
    page.coauthors.all().delete()
    Coauthor.objects.bulk_create(
        Coauthor(**{key: page}, author_id=author_id, position=index)
        for index, author_id in enumerate(author_ids)
    )
    return True


def _hub_from_breadcrumb(doc: Document) -> str:
    """ "Home > Pillar 3 — ... > Hub title > Page": the crumb naming a stored hub."""
    for crumb in doc.extra.get("breadcrumb", [])[1:]:
        if crumb != doc.title and (
            Hub.objects.filter(name__iexact=crumb).exists()
            or Hub.objects.filter(title__iexact=crumb).exists()
        ):
            return crumb
    return ""


def _squash(text: str) -> str:
    return " ".join((text or "").replace("\\", "").split())


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return "; ".join(error.messages)


def _line_of(doc: Document, text: str) -> int | None:
    source = doc.extra.get("source_text", "")
    position = source.find(text)
    return source.count("\n", 0, position) + 1 if position >= 0 else None
