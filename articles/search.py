"""Site search over published articles and hubs.

Indexing: every article and hub has one ``SearchEntry`` row holding its text split by
weight — title (A), lead: subtitle, summary, takeaways and FAQ questions (B), body as
plain text (C). It is rewritten whenever the page, one of its takeaways or one of its
FAQs is saved or deleted (signals below; ``manage.py rebuild_search_index`` rebuilds
everything after bulk loads). On PostgreSQL the row also stores, computed in the
database, a weighted ``tsvector`` of all three (GIN-indexed, for matching) and a
small one of title and lead (for ranking).

Searching: on PostgreSQL, ``websearch_to_tsquery`` (so quotes, ``or`` and ``-word``
work as people expect), ``ts_rank`` ordering (title above lead; pages that only
mention the words in their body follow, newest first) and ``ts_headline`` snippets.
On SQLite a fallback requires every word case-insensitively and ranks title > lead >
body. Both return the same ``SearchResults`` and render the same page, in a fixed
number of queries whatever the number of matches (see ``search``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, TextField, Value, When, Window
from django.db.models.functions import Concat, Left
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import FAQ, Article, Hub, SearchEntry, Takeaway

SEARCH_CONFIG = "english"
MAX_QUERY_CHARS = 200
MAX_FALLBACK_TERMS = 8
RESULTS_PER_PAGE = 10
HUBS_ON_FIRST_PAGE = 3
# Deeper pages are answered with the last page (and keep SQL offsets small).
MAX_PAGE = 1000
SNIPPET_WORDS = 32
# Highlight markers: control characters that never occur in indexed text (it is
# cleaned of them), so the snippet can be escaped first and marked up afterwards.
MARK_START, MARK_END = "\x02", "\x03"

# Block-level tags separate words; inline ones (em, strong, a, code...) do not.
_BLOCK_TAG = re.compile(
    r"</?(?:p|br|hr|li|ul|ol|h[1-6]|div|blockquote|pre|table|thead|tbody|tr|td|th|figure|figcaption)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
# Control and format characters (category Cc/Cf) in one pass; whitespace is folded later.
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_WORD = re.compile(r"\w+", re.UNICODE)

_TITLE_AND_LEAD = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
    "lead", weight="B", config=SEARCH_CONFIG
)
# What PostgreSQL stores per entry: every word for matching, title and lead for ranking.
VECTORS = {
    "vector": _TITLE_AND_LEAD + SearchVector("body", weight="C", config=SEARCH_CONFIG),
    "rank_vector": _TITLE_AND_LEAD,
}
# ts_headline parses all the text it is given: snippets come from the first characters
# of lead + body (a match further down still shows the start of the lead).
SNIPPET_SOURCE_CHARS = 1500


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


# --- Indexing ---------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text without control characters (Unicode category C, NUL included) and with single spaces."""
    text = _SPACE.sub(" ", _CONTROL.sub(" ", text or ""))
    if not text.isprintable():  # rare: private-use, unassigned or surrogate code points remain
        text = _SPACE.sub(" ", "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text))
    return text.strip()


def plain_text(html: str) -> str:
    """Visible text of stored, sanitised HTML."""
    return clean_text(unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", html or ""))))


def _join(*parts: str) -> str:
    return clean_text(" \n".join(part for part in parts if part))


def article_document(article: Article) -> dict[str, str]:
    takeaways = Takeaway.objects.filter(article=article).values_list("text", flat=True)
    questions = FAQ.objects.filter(article=article).values_list("question", flat=True)
    return {
        "title": clean_text(article.title),
        "lead": _join(article.subtitle, article.summary, *takeaways, *questions),
        "body": _join(plain_text(article.body_html), plain_text(article.closing_summary_html)),
    }


def hub_document(hub: Hub) -> dict[str, str]:
    questions = FAQ.objects.filter(hub=hub).values_list("question", flat=True)
    return {
        "title": clean_text(hub.title),
        "lead": _join(hub.summary, *questions),
        "body": plain_text(hub.intro_html),
    }


def _store(lookup: dict, document: dict[str, str]) -> None:
    entry, _ = SearchEntry.objects.update_or_create(**lookup, defaults=document)
    if uses_postgres_search():
        SearchEntry.objects.filter(pk=entry.pk).update(**VECTORS)


def index_article(article: Article) -> None:
    """Bring the article's search entry up to date (drafts are indexed too, never shown)."""
    _store({"article": article}, article_document(article))


def index_hub(hub: Hub) -> None:
    _store({"hub": hub}, hub_document(hub))


@transaction.atomic
def rebuild_index(*, only_missing: bool = False) -> int:
    """(Re)write the entries of every article and hub in a few bulk queries; returns how many."""
    articles = Article.objects.prefetch_related("takeaways", "faqs")
    hubs = Hub.objects.prefetch_related("faqs")
    if only_missing:
        articles = articles.filter(search_entry__isnull=True)
        hubs = hubs.filter(search_entry__isnull=True)
    else:
        SearchEntry.objects.all().delete()
    entries = []
    for article in articles.iterator(chunk_size=500):
        document = {
            "title": clean_text(article.title),
            "lead": _join(
                article.subtitle,
                article.summary,
                *(t.text for t in article.takeaways.all()),
                *(f.question for f in article.faqs.all()),
            ),
            "body": _join(plain_text(article.body_html), plain_text(article.closing_summary_html)),
        }
        entries.append(SearchEntry(article=article, **document))
    for hub in hubs.iterator(chunk_size=500):
        document = {
            "title": clean_text(hub.title),
            "lead": _join(hub.summary, *(f.question for f in hub.faqs.all())),
            "body": plain_text(hub.intro_html),
        }
        entries.append(SearchEntry(hub=hub, **document))
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    if uses_postgres_search() and entries:
        SearchEntry.objects.filter(vector__isnull=True).update(**VECTORS)
    return len(entries)


def _article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_article(instance)


def _hub_saved(sender, instance: Hub, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_hub(instance)


def _part_changed(sender, instance: Takeaway | FAQ, raw: bool = False, origin=None, **kwargs) -> None:
    """A takeaway or FAQ changed: re-index its page (not when the page itself is being deleted)."""
    if raw:
        return
    origin_model = getattr(origin, "model", type(origin)) if origin is not None else sender
    if origin_model is not sender:
        return
    article_id = getattr(instance, "article_id", None)
    hub_id = getattr(instance, "hub_id", None)
    if article_id:
        article = Article.objects.filter(pk=article_id).first()
        if article is not None:
            index_article(article)
    elif hub_id:
        hub = Hub.objects.filter(pk=hub_id).first()
        if hub is not None:
            index_hub(hub)


def _schema_is_current(state_apps) -> bool:
    """Whether the migrated schema has every column the indexing code reads and writes."""
    for model in (Article, Hub, SearchEntry, Takeaway, FAQ):
        try:
            migrated = state_apps.get_model(model._meta.app_label, model._meta.model_name)
        except LookupError:
            return False
        wanted = {f.column for f in model._meta.concrete_fields}
        if not wanted <= {f.column for f in migrated._meta.concrete_fields}:
            return False
    return True


def _index_missing_after_migrate(sender, using: str = "default", apps=None, **kwargs) -> None:
    """After ``migrate``: index pages that have no entry yet (existing content, first install)."""
    if sender.name == "articles" and using == "default" and apps is not None and _schema_is_current(apps):
        rebuild_index(only_missing=True)


def connect_signals() -> None:
    """Called once from ``ArticlesConfig.ready``."""
    post_save.connect(_article_saved, sender=Article, dispatch_uid="search-article-saved")
    post_save.connect(_hub_saved, sender=Hub, dispatch_uid="search-hub-saved")
    for model in (Takeaway, FAQ):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"search-{model.__name__}-saved")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"search-{model.__name__}-deleted")
    post_migrate.connect(_index_missing_after_migrate, dispatch_uid="search-index-missing")


# --- Searching --------------------------------------------------------------


@dataclass
class SearchResults:
    """What the results page shows; ``page`` holds articles with ``snippet`` set."""

    query: str
    page: Page | None = None
    hubs: list[Hub] = field(default_factory=list)
    notice: str = ""

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page is not None else 0


def normalise_query(raw: str | None) -> tuple[str, str]:
    """The query to run and, if it had to be changed, a note for the reader."""
    query = clean_text(raw or "")
    if len(query) > MAX_QUERY_CHARS:
        cut = query[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] or query[:MAX_QUERY_CHARS]
        return cut, f"Your search was long, so only its first {MAX_QUERY_CHARS} characters were used."
    return query, ""


def highlight(raw: str) -> SafeString:
    """Escape a snippet, then turn the highlight markers into ``<mark>``."""
    text = escape(raw.replace(MARK_END, MARK_END + " ").strip())
    text = text.replace(MARK_START, "<mark>").replace(MARK_END + " ", "</mark>").replace(MARK_END, "</mark>")
    return mark_safe(text)  # noqa: S308 - escaped above; only our own markers become tags


def fallback_terms(query: str) -> tuple[list[list[str]], list[str]]:
    """For the SQLite fallback: alternatives of words that must all appear, and words to exclude.

    As in web search: words are required, ``or`` between words offers alternatives,
    ``-word`` excludes. "stress or sleep -work" is ``([["stress"], ["sleep"]], ["work"])``.
    """
    groups: list[list[str]] = [[]]
    unwanted: list[str] = []
    count = 0
    for match in re.finditer(r"(?:^|(?<=\s))(-?)(\w+)|(\w+)", query, re.UNICODE):
        excluded = bool(match.group(1))
        word = (match.group(2) or match.group(3)).lower()
        if word == "or" and not excluded:
            if groups[-1]:
                groups.append([])
            continue
        if len(word) < 2 or count >= MAX_FALLBACK_TERMS:
            continue
        target = unwanted if excluded else groups[-1]
        if word not in target:
            target.append(word)
            count += 1
    return [group for group in groups if group], unwanted


def _snippet_from_text(text: str, terms: list[str]) -> str:
    """Around the first matching word: a window of words with every match marked."""
    words = text.split()
    if not words:
        return ""
    lowered = [w.lower() for w in words]
    start = next((i for i, w in enumerate(lowered) if any(t in w for t in terms)), 0)
    start = max(0, start - SNIPPET_WORDS // 4)
    window = words[start : start + SNIPPET_WORDS]
    marked = []
    for word in window:
        lw = word.lower()
        marked.append(f"{MARK_START}{word}{MARK_END}" if any(t in lw for t in terms) else word)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_WORDS < len(words) else ""
    return prefix + " ".join(marked) + suffix


def _contains(term: str, prefix: str) -> Q:
    return (
        Q(title__icontains=term)
        | Q(**{f"{prefix}lead__icontains": term})
        | Q(**{f"{prefix}body__icontains": term})
    )


def _fallback_rank(terms: list[str], prefix: str) -> Value | Case:
    rank = Value(0)
    for term in terms:
        rank = rank + Case(
            When(title__icontains=term, then=Value(3)),
            When(**{f"{prefix}lead__icontains": term}, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return rank


def _tsquery(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def _matching(queryset: QuerySet, query: str) -> tuple[QuerySet, list[str]]:
    """``queryset`` narrowed to the matches, annotated with ``rank``; plus the fallback's words.

    PostgreSQL matches anywhere (title, lead, body) and ranks by title (A) and lead (B),
    so a page whose title or summary has the words comes before one that only mentions
    them. SQLite requires every word somewhere and scores title 3, lead 2, body 1.
    """
    if uses_postgres_search():
        tsquery = _tsquery(query)
        ranked = queryset.filter(search_entry__vector=tsquery).annotate(
            rank=SearchRank(F("search_entry__rank_vector"), tsquery)
        )
        return ranked, []
    groups, excluded = fallback_terms(query)
    terms = list(dict.fromkeys(term for group in groups for term in group))
    if not terms:
        return queryset.none().annotate(rank=Value(0)), terms
    prefix = "search_entry__"
    any_group = Q()
    for group in groups:
        all_words = Q()
        for term in group:
            all_words &= _contains(term, prefix)
        any_group |= all_words
    ranked = queryset.filter(search_entry__isnull=False).filter(any_group)
    for term in excluded:
        ranked = ranked.exclude(_contains(term, prefix))
    return ranked.annotate(rank=_fallback_rank(terms, prefix)), terms


def _with_snippet_source(queryset: QuerySet, query: str) -> QuerySet:
    """Annotate what the snippets are made from: a ts_headline, or the text for the fallback."""
    if uses_postgres_search():
        source = Left(
            Concat("search_entry__lead", Value(" "), "search_entry__body", output_field=TextField()),
            SNIPPET_SOURCE_CHARS,
        )
        return queryset.annotate(
            snippet_raw=SearchHeadline(
                source,
                _tsquery(query),
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=SNIPPET_WORDS,
                min_words=15,
            )
        )
    return queryset.annotate(entry_lead=F("search_entry__lead"), entry_body=F("search_entry__body"))


def _attach_snippets(items, terms: list[str]) -> None:
    for item in items:
        raw = getattr(item, "snippet_raw", None)
        if raw is None:
            raw = _snippet_from_text(
                _join(getattr(item, "entry_lead", ""), getattr(item, "entry_body", "")), terms
            )
        item.snippet = highlight(raw) if raw else escape(item.summary)


def parse_page_number(value: str | int | None) -> int:
    """A page number from the address: 1 when missing or odd, never beyond ``MAX_PAGE``."""
    try:
        return min(max(1, int(value or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def paginate_ids(
    ranked: QuerySet, number: int, per_page: int = RESULTS_PER_PAGE
) -> tuple[list[int], int, int]:
    """The ids on page ``number`` and the total, in one narrow query (a window count).

    Only ids and sort keys travel through the sort, not whole rows. A page past the end
    becomes the last page (two more queries, only then). Returns ``(ids, total, number)``.
    """
    ordered = ranked.order_by("-rank", "-published_at", "-pk")
    counted = ordered.annotate(match_count=Window(Count("pk"))).values_list("pk", "match_count")
    rows = list(counted[(number - 1) * per_page : number * per_page])
    if not rows and number > 1:
        total = ranked.count()
        number = max(1, math.ceil(total / per_page))
        rows = list(counted[(number - 1) * per_page : number * per_page]) if total else []
    total = rows[0][1] if rows else 0
    return [pk for pk, _ in rows], total, number


@contextmanager
def index_matching() -> Iterator[None]:
    """On PostgreSQL, find matches through the GIN index rather than by reading every vector.

    The planner prices ``vector @@ query`` per row without counting the TOAST reads a
    full-text vector costs, so for a common word it prefers scanning and unpacking
    every vector (~10 KB each); the GIN index answers the same (non-phrase) query
    exactly without touching them, an order of magnitude faster.
    """
    if not uses_postgres_search():
        yield
        return
    inside_transaction = connection.in_atomic_block
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        if inside_transaction:  # otherwise the commit ends the setting
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")


def search(
    raw_query: str | None, page_number: str | int | None = 1, now: datetime | None = None
) -> SearchResults:
    """Run a reader's search: a fixed number of queries whatever the number of matches.

    Three on SQLite (page ids with the total, those articles, hubs); PostgreSQL adds
    the two statements of ``index_matching``.
    """
    query, notice = normalise_query(raw_query)
    results = SearchResults(query=query, notice=notice)
    if not query:
        return results
    now = now or timezone.now()
    with index_matching():
        ranked, terms = _matching(Article.objects.published(now), query)
        ids, total, number = paginate_ids(ranked, parse_page_number(page_number))
        articles = []
        if ids:
            found = _with_snippet_source(
                Article.objects.filter(pk__in=ids).select_related("author", "hub"), query
            )
            by_id = {article.pk: article for article in found}
            articles = [by_id[pk] for pk in ids if pk in by_id]
        if number == 1:
            hubs, _ = _matching(Hub.objects.published(now).select_related("pillar"), query)
            results.hubs = list(
                _with_snippet_source(hubs, query).order_by("-rank", "title")[:HUBS_ON_FIRST_PAGE]
            )
    _attach_snippets(articles, terms)
    _attach_snippets(results.hubs, terms)
    paginator = Paginator(range(total), RESULTS_PER_PAGE)
    results.page = Page(articles, number, paginator)
    return results
