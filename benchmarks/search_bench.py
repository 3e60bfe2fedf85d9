"""Search benchmark: generate N articles on the configured database and time searches.

Not a unit test. It creates a throwaway database beside the configured one (Django's
test database, ``test_<name>``), fills it, prints figures and drops it again::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mindlab_bench \\
        .venv/bin/python benchmarks/search_bench.py --articles 5000

For every query it reports the time spent in the database (summed over the SQL that
one search runs, measured around each statement), the whole ``search()`` call, the
whole results page through Django's test client, and the number of SQL queries.
Without ``DATABASE_URL`` it measures SQLite's FTS5 engine. The last lines compare the
``search()`` call with the targets: SQLite p50 <= 15 ms and p95 <= 40 ms (at 2,000
articles), PostgreSQL p50 <= 50 ms (at 20,000).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindlab.test_settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count, Window  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles import search as site_search  # noqa: E402
from articles.models import FAQ, Article, Author, Hub, Pillar, SearchEntry, Status, Takeaway  # noqa: E402
from articles.search import postgres as postgres_search  # noqa: E402

TOPIC_WORDS = [
    "stress",
    "cortisol",
    "amygdala",
    "prefrontal",
    "cortex",
    "dopamine",
    "serotonin",
    "oxytocin",
    "sleep",
    "memory",
    "hippocampus",
    "resilience",
    "attention",
    "decision",
    "leadership",
    "burnout",
    "recovery",
    "habit",
    "reward",
    "motivation",
    "anxiety",
    "focus",
    "neuroplasticity",
    "emotion",
    "regulation",
    "trust",
    "empathy",
    "fatigue",
    "adenosine",
    "circadian",
    "rhythm",
    "vagus",
    "nerve",
    "breathing",
    "exercise",
    "nutrition",
    "glucose",
    "insulin",
    "inflammation",
    "mindfulness",
    "meditation",
    "rumination",
    "worry",
    "confidence",
    "fear",
    "courage",
    "negotiation",
    "communication",
    "feedback",
    "conflict",
    "loneliness",
    "belonging",
    "attachment",
    "grief",
    "creativity",
    "insight",
    "learning",
    "expertise",
    "performance",
    "pressure",
    "deadline",
    "overload",
]
COMMON_WORDS = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "it",
    "for",
    "on",
    "with",
    "as",
    "was",
    "be",
    "by",
    "this",
    "are",
    "or",
    "at",
    "from",
    "have",
    "an",
    "which",
    "people",
    "work",
    "team",
    "brain",
    "body",
    "day",
    "week",
    "time",
    "often",
    "more",
    "less",
    "when",
    "how",
    "why",
    "what",
    "study",
    "research",
    "evidence",
    "shows",
    "suggests",
    "found",
    "participants",
    "researchers",
    "results",
    "effect",
    "changes",
    "levels",
    "system",
    "response",
    "during",
    "after",
    "before",
    "between",
    "while",
    "across",
    "within",
]
QUERIES = [
    "stress",
    "cortisol",
    "sleep",
    "oxytocin trust",
    "prefrontal cortex",
    '"prefrontal cortex"',
    "dopamine reward motivation",
    "burnout -sleep",
    "amygdala or hippocampus",
    "decision making under pressure",
    "vagus nerve breathing",
    "leadership",
    "circadian rhythm adenosine",
    "negotiation",
    "glucose insulin inflammation",
    "loneliness belonging",
    "mindfulness rumination",
    "zebrafish",
    "emotion regulation",
    "the",
]


# What search() must take (issue 17): SQLite at 2,000 articles, PostgreSQL at 20,000.
TARGETS = {"sqlite": {"p50": 15.0, "p95": 40.0}, "postgresql": {"p50": 50.0}}

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pra", "stel", "mon", "dri", "qua", "ber"]


class Vocabulary:
    """A Zipf-distributed general vocabulary plus the site's topic words.

    Each article leans on a few topic words (its hub's theme) and mentions others
    rarely, as real articles do, so a topic word matches a share of the articles,
    not all of them.
    """

    def __init__(self, rng: random.Random, size: int = 4000) -> None:
        words: set[str] = set()
        while len(words) < size:
            words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
        self.general = sorted(words)
        weights = [1 / (rank + 1) for rank in range(size)]
        total = 0.0
        self.general_cum = []
        for weight in weights:
            total += weight
            self.general_cum.append(total)

    def sentence(self, rng: random.Random, theme: list[str]) -> str:
        words = []
        for _ in range(rng.randint(8, 22)):
            roll = rng.random()
            if roll < 0.42:
                words.append(rng.choice(COMMON_WORDS))
            elif roll < 0.90:
                words.append(rng.choices(self.general, cum_weights=self.general_cum)[0])
            elif roll < 0.985:
                words.append(rng.choice(theme))
            else:
                words.append(rng.choice(TOPIC_WORDS))
        return " ".join(words).capitalize() + "."

    def paragraph(self, rng: random.Random, theme: list[str]) -> str:
        return " ".join(self.sentence(rng, theme) for _ in range(rng.randint(3, 7)))


def generate(count: int, seed: int = 5) -> None:
    """Pillars, hubs, authors and ``count`` articles (10% drafts), written in bulk."""
    rng = random.Random(seed)
    words = Vocabulary(rng)
    now = timezone.now()
    authors = Author.objects.bulk_create(
        Author(name=f"Author {n}", slug=f"bench-author-{n}", credentials="PhD") for n in range(20)
    )
    pillars = Pillar.objects.bulk_create(
        Pillar(number=n + 1, name=f"Pillar {n + 1}", slug=f"bench-pillar-{n}") for n in range(8)
    )
    themes = [rng.sample(TOPIC_WORDS, 4) for _ in range(40)]
    hubs = Hub.objects.bulk_create(
        Hub(
            pillar=pillars[n % len(pillars)],
            title=f"{themes[n][0].capitalize()} and {themes[n][1]}",
            slug=f"bench-hub-{n}",
            summary=words.paragraph(rng, themes[n])[:500],
            intro_html=f"<p>{words.paragraph(rng, themes[n])}</p>",
            status=Status.PUBLISHED,
            published_at=now - timedelta(days=400),
        )
        for n in range(40)
    )
    articles = []
    article_themes = []
    for n in range(count):
        theme = themes[n % len(themes)][:2] + rng.sample(TOPIC_WORDS, 2)
        article_themes.append(theme)
        paragraphs = [words.paragraph(rng, theme) for _ in range(rng.randint(15, 40))]
        body_html = "".join(
            f"<h2>{rng.choice(theme).capitalize()}</h2><p>{text}</p>" if i % 4 == 0 else f"<p>{text}</p>"
            for i, text in enumerate(paragraphs)
        )
        articles.append(
            Article(
                title=f"{theme[0].capitalize()}, {theme[2]} and {theme[3]} ({n})",
                slug=f"bench-article-{n}",
                summary=words.paragraph(rng, theme)[:580],
                body="(generated)",
                body_html=body_html,
                word_count=len(body_html.split()),
                hub=hubs[n % len(hubs)] if n % 7 else None,
                author=authors[n % len(authors)],
                status=Status.DRAFT if n % 10 == 0 else Status.PUBLISHED,
                published_at=None if n % 10 == 0 else now - timedelta(hours=n),
            )
        )
    articles = Article.objects.bulk_create(articles, batch_size=500)
    Takeaway.objects.bulk_create(
        (
            Takeaway(article=a, text=words.sentence(rng, theme)[:270], position=i)
            for a, theme in zip(articles, article_themes, strict=True)
            for i in range(3)
        ),
        batch_size=2000,
    )
    FAQ.objects.bulk_create(
        (
            FAQ(
                article=a,
                question=words.sentence(rng, theme)[:290] + "?",
                answer="Answer.",
                answer_html="<p>Answer.</p>",
            )
            for a, theme in list(zip(articles, article_themes, strict=True))[::2]
        ),
        batch_size=2000,
    )


class SqlTimer:
    """Time every SQL statement run while installed (``connection.execute_wrapper``)."""

    def __init__(self) -> None:
        self.total = 0.0
        self.count = 0
        self.statements: list[tuple[str, float]] = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - start
            self.total += elapsed
            self.count += 1
            self.statements.append((" ".join(sql.split()[:4])[:48], elapsed))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(repeats: int) -> None:
    client = Client()
    db_times: list[float] = []
    call_times: list[float] = []
    page_times: list[float] = []
    query_counts: set[int] = set()
    per_statement: dict[tuple[int, str], list[float]] = {}
    print(f"\n{'query':34} {'matches':>7} {'db ms (median)':>15} {'page ms (median)':>17} {'queries':>8}")
    for query in QUERIES:
        site_search.search(query)  # warm caches and plans
        q_db, q_page = [], []
        matches = 0
        for _ in range(repeats):
            timer = SqlTimer()
            with connection.execute_wrapper(timer):
                start = time.perf_counter()
                results = site_search.search(query)
                call_times.append((time.perf_counter() - start) * 1000)
            matches = results.total
            q_db.append(timer.total * 1000)
            for position, (label, elapsed) in enumerate(timer.statements):
                per_statement.setdefault((position, label.split(" ")[0]), []).append(elapsed * 1000)
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get("/search/", {"q": query})
                q_page.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
            query_counts.add(len(captured.captured_queries))
        db_times += q_db
        page_times += q_page
        print(
            f"{query:34} {matches:>7} {statistics.median(q_db):>15.1f} "
            f"{statistics.median(q_page):>17.1f} {len(captured.captured_queries):>8}"
        )
    print("\nAll searches:")
    print(
        f"  database time per search: median {statistics.median(db_times):.1f} ms, p95 {percentile(db_times, 0.95):.1f} ms"
    )
    print(
        f"  search() call:            median {statistics.median(call_times):.1f} ms, p95 {percentile(call_times, 0.95):.1f} ms"
    )
    print(
        f"  whole results page:       median {statistics.median(page_times):.1f} ms, p95 {percentile(page_times, 0.95):.1f} ms"
    )
    print(f"  SQL queries per results page: {sorted(query_counts)}")
    p50, p95 = statistics.median(call_times), percentile(call_times, 0.95)
    target = TARGETS[connection.vendor]
    verdict = "meets" if p50 <= target["p50"] and p95 <= target.get("p95", float("inf")) else "MISSES"
    wanted = ", ".join(f"{name} <= {limit:g} ms" for name, limit in target.items())
    print(
        f"  {connection.vendor}: search() p50 {p50:.1f} ms, p95 {p95:.1f} ms: {verdict} the target ({wanted})"
    )
    print("  database time by statement of search() (median ms over all searches):")
    for (position, verb), times in sorted(per_statement.items()):
        print(
            f"    #{position + 1} {verb:8} {statistics.median(times):6.1f}  (p95 {percentile(times, 0.95):.1f}, n={len(times)})"
        )


def explain(query: str) -> None:
    if connection.vendor != "postgresql":
        return
    ranked = postgres_search.matching(Article.objects.published(timezone.now()), query)
    ordered = ranked.order_by("-rank", "-published_at", "-pk")
    ids_qs = ordered.annotate(match_count=Window(Count("pk"))).values_list("pk", "match_count")
    sql, params = ids_qs[: site_search.RESULTS_PER_PAGE].query.sql_with_params()
    with site_search.index_matching(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = [row[0] for row in cursor.fetchall()]
    print(f"\nEXPLAIN ANALYZE of the results query for {query!r}:")
    for line in plan:
        print("  " + line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the benchmark database")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep)
    try:
        print(f"Database: {connection.vendor} ({test_name})")
        if not Article.objects.exists():
            start = time.perf_counter()
            generate(args.articles)
            indexed = site_search.rebuild_index()
            print(
                f"Generated {args.articles} articles and indexed {indexed} pages in {time.perf_counter() - start:.1f} s"
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
        published = Article.objects.filter(status=Status.PUBLISHED).count()
        print(
            f"Articles: {Article.objects.count()} ({published} published); search entries: {SearchEntry.objects.count()}"
        )
        measure(args.repeats)
        explain("stress")
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
