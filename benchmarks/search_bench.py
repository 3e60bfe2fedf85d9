"""Search benchmark: the results page ``/search/?q=`` on a generated corpus, both databases.

Not a unit test. With no options it measures SQLite's FTS5 engine at 2,000 articles and,
when the PostgreSQL server answers, PostgreSQL at 20,000 articles, each in a process of
its own, then prints both against the targets of issue 17 (SQLite p50 <= 15 ms and
p95 <= 40 ms, PostgreSQL p50 <= 50 ms)::

    .venv/bin/python benchmarks/search_bench.py
    .venv/bin/python benchmarks/search_bench.py --engines sqlite --rounds 5
    .venv/bin/python benchmarks/search_bench.py --postgres-url postgres://postgres@127.0.0.1:5432/mindlab_bench

Each engine runs on a throwaway database beside the configured one (Django's test
database: a file ``benchmarks/.data/search_bench.sqlite3`` on SQLite, ``test_<name>`` on
PostgreSQL), filled in bulk with articles of ~3,000 words (a generated, Zipf-distributed
vocabulary, topic words in several inflections, recurring phrases), indexed once
(``rebuild_index``), analysed, measured and dropped again (``--keep`` keeps it for the
next run). The timed figure is the whole results page through Django's test client
(middleware, view, queries, template), for a mix of queries: single words, inflected
words (stemming), phrases, prefixes, exclusions, ``or``, several words, no results
(with the spelling suggestion), very common words and later result pages. After a
warm-up pass it makes ``--rounds`` rounds of ``--repeats`` requests per query (queries
interleaved), and prints per round the p50/p95 and the load average, then the best
round and the spread, the figures per kind of query and the SQL queries per page.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"sqlite": {"p50": 15.0, "p95": 40.0}, "postgresql": {"p50": 50.0}}
DEFAULT_ARTICLES = {"sqlite": 2_000, "postgresql": 20_000}
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/mindlab_search_bench"
SQLITE_FILE = ROOT / "benchmarks" / ".data" / "search_bench.sqlite3"

# (kind, query, result page): what readers type, by kind.
QUERIES: list[tuple[str, str, int]] = [
    ("word", "cortisol", 1),
    ("word", "amygdala", 1),
    ("word", "leadership", 1),
    ("word", "negotiation", 1),
    ("stem", "stresses", 1),
    ("stem", "stressed", 1),
    ("stem", "decisions", 1),
    ("stem", "sleeping", 1),
    ("phrase", '"prefrontal cortex"', 1),
    ("phrase", '"heart rate variability"', 1),
    ("phrase", '"social support"', 1),
    ("prefix", "neuro*", 1),
    ("prefix", "cort*", 1),
    ("exclusion", "burnout -sleep", 1),
    ("exclusion", 'stress -"social support"', 1),
    ("or", "amygdala or hippocampus", 1),
    ("or", "oxytocin or dopamine", 1),
    ("words", "oxytocin trust", 1),
    ("words", "vagus nerve breathing", 1),
    ("words", "dopamine reward motivation", 1),
    ("words", "decision making under pressure", 1),
    ("none", "zebrafish", 1),
    ("none", "cortisoll amygdla", 1),
    ("common", "brain", 1),
    ("common", "people research", 1),
    ("common", "the", 1),
    ("page", "stress", 2),
    ("page", "brain", 40),
]

# --- the corpus ---------------------------------------------------------------------

FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "a",
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
    "not",
    "but",
    "they",
    "their",
    "can",
    "more",
    "when",
    "how",
    "what",
    "also",
    "than",
    "these",
    "its",
    "into",
    "who",
    "so",
    "may",
    "one",
    "about",
    "our",
    "we",
    "over",
    "after",
    "before",
    "between",
    "while",
    "most",
    "other",
    "some",
    "such",
    "even",
    "only",
]
# Ordinary English content words: each occurs in most articles.
COMMON_WORDS = [
    "people",
    "work",
    "team",
    "brain",
    "body",
    "day",
    "week",
    "time",
    "study",
    "research",
    "evidence",
    "results",
    "effect",
    "change",
    "level",
    "system",
    "response",
    "leader",
    "meeting",
    "habit",
    "practice",
    "role",
    "signal",
    "question",
    "reason",
    "problem",
]
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
    "neuron",
    "synapse",
]
# Phrases that recur as phrases (and whose words also occur apart).
PHRASES = [
    "prefrontal cortex",
    "heart rate variability",
    "social support",
    "vagus nerve",
    "working memory",
    "decision making",
    "sleep debt",
    "threat response",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "ze",
    "pra",
    "stel",
    "mon",
    "dri",
    "qua",
    "ber",
    "an",
    "ex",
    "or",
    "ul",
    "in",
    "tor",
    "vel",
]


def inflections(word: str) -> list[str]:
    """The word and a few of its forms, so stemming has something to find."""
    if word.endswith(("s", "x", "sh", "ch")):
        return [word, word + "es", word + "ed", word + "ing"]
    if word.endswith("e"):
        return [word, word + "s", word + "d", word[:-1] + "ing"]
    if word.endswith("y"):
        return [word, word[:-1] + "ies", word[:-1] + "ied"]
    return [word, word + "s", word + "ed", word + "ing"]


class Corpus:
    """Text like a site's: function words, a Zipf vocabulary of 20,000 made-up words,
    common content words, and the few topic words (and phrases) each article is about."""

    def __init__(self, rng: random.Random, size: int = 20_000) -> None:
        self.rng = rng
        made: set[str] = set()
        while len(made) < size:
            made.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
        apart = sorted({word for phrase in PHRASES for word in phrase.split()} - set(TOPIC_WORDS))
        population = FUNCTION_WORDS + COMMON_WORDS + apart + sorted(made)
        weights = [0.9 / (rank + 1) for rank in range(len(FUNCTION_WORDS))]
        weights += [0.02] * len(COMMON_WORDS)
        weights += [0.002] * len(apart)  # in about half the articles each, as "social" or "rate" are
        weights += [0.45 / (rank + 1) for rank in range(size)]
        self.population = population
        self.cum_weights = list(itertools.accumulate(weights))

    def paragraph(self, theme: list[str], words: int, phrase: str = "") -> str:
        """Sentences of ``words`` words in all; ~3% of them from ``theme``, a few other topics;
        now and then the article's ``phrase`` (rarely another one)."""
        rng = self.rng
        chosen = rng.choices(self.population, cum_weights=self.cum_weights, k=words)
        for _ in range(max(1, round(words * 0.03))):
            chosen[rng.randrange(words)] = rng.choice(inflections(rng.choice(theme)))
        if rng.random() < 0.3:
            chosen[rng.randrange(words)] = rng.choice(TOPIC_WORDS)
        if phrase and rng.random() < 0.12:
            chosen[rng.randrange(words)] = phrase
        elif phrase and rng.random() < 0.01:
            chosen[rng.randrange(words)] = rng.choice(PHRASES)
        sentences, start = [], 0
        while start < words:
            end = min(words, start + rng.randint(8, 24))
            sentences.append(" ".join(chosen[start:end]).capitalize() + ".")
            start = end
        return " ".join(sentences)

    def body_html(self, theme: list[str], words: int, phrase: str = "") -> str:
        """Stored HTML as Markdown would make it: H2/H3 sections, paragraphs, lists, a table."""
        rng, parts, written = self.rng, [], 0
        while written < words:
            if rng.random() < 0.2:
                level = "h2" if rng.random() < 0.6 else "h3"
                heading = self.paragraph(theme, rng.randint(3, 7)).rstrip(".")
                parts.append(f"<{level}>{heading}</{level}>")
            size = rng.randint(50, 140)
            if rng.random() < 0.08:
                items = "".join(f"<li>{self.paragraph(theme, 12)}</li>" for _ in range(4))
                parts.append(f"<ul>{items}</ul>")
            elif rng.random() < 0.03:
                cells = "".join(
                    f"<tr><td>{self.paragraph(theme, 4)}</td><td>{rng.randint(1, 99)}%</td></tr>"
                    for _ in range(4)
                )
                parts.append(f"<table><tbody>{cells}</tbody></table>")
            parts.append(f"<p>{self.paragraph(theme, size, phrase)}</p>")
            written += size
        return "".join(parts)


def generate(count: int, seed: int = 17) -> float:
    """Pillars, hubs, authors and ``count`` articles (one in ten a draft) in bulk; seconds."""
    from django.utils import timezone

    from articles.models import FAQ, Article, Author, Hub, Pillar, Status, Takeaway

    start = time.perf_counter()
    rng = random.Random(seed)
    text = Corpus(rng)
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
            summary=text.paragraph(themes[n], 60)[:500],
            intro_html=text.body_html(themes[n], 1500, PHRASES[n % len(PHRASES)]),
            status=Status.PUBLISHED,
            published_at=now - timedelta(days=400),
        )
        for n in range(40)
    )
    for first in range(0, count, 500):
        batch, batch_themes = [], []
        for n in range(first, min(count, first + 500)):
            theme = themes[n % len(themes)][:2] + rng.sample(TOPIC_WORDS, 2)
            words = rng.randint(1_500, 4_500)
            batch_themes.append(theme)
            batch.append(
                Article(
                    title=f"{theme[0].capitalize()}, {theme[2]} and {theme[3]}: note {n}",
                    slug=f"bench-article-{n}",
                    subtitle=text.paragraph(theme, 10)[:200],
                    summary=text.paragraph(theme, 70)[:580],
                    body="(generated)",
                    body_html=text.body_html(theme, words, PHRASES[n % len(PHRASES)]),
                    word_count=words,
                    hub=hubs[n % len(hubs)] if n % 7 else None,
                    author=authors[n % len(authors)],
                    status=Status.DRAFT if n % 10 == 0 else Status.PUBLISHED,
                    published_at=None if n % 10 == 0 else now - timedelta(hours=n),
                )
            )
        batch = Article.objects.bulk_create(batch)
        Takeaway.objects.bulk_create(
            Takeaway(article=article, text=text.paragraph(theme, 16)[:270], position=i)
            for article, theme in zip(batch, batch_themes, strict=True)
            for i in range(4)
        )
        FAQ.objects.bulk_create(
            FAQ(
                article=article,
                question=text.paragraph(theme, 12)[:290].rstrip(".") + "?",
                answer="An answer.",
                answer_html="<p>An answer.</p>",
                position=i,
            )
            for article, theme in zip(batch, batch_themes, strict=True)
            for i in range(3)
        )
    return time.perf_counter() - start


# --- measuring ----------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def load() -> str:
    return "load " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def prepare_database(vendor: str, articles: int, keep: bool) -> str:
    """Create (or with ``keep`` reuse) the benchmark database and fill it; its name."""
    from django.db import connection

    from articles import search
    from articles.models import Article

    if vendor == "sqlite":
        SQLITE_FILE.parent.mkdir(parents=True, exist_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(SQLITE_FILE)
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep, serialize=False)
    if Article.objects.count() != articles:
        if Article.objects.exists():  # a kept database of another size
            connection.creation.destroy_test_db(name, verbosity=0, keepdb=False)
            name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        seconds = generate(articles)
        start = time.perf_counter()
        indexed = search.rebuild_index()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
        print(
            f"Generated {articles} articles in {seconds:.1f} s, indexed {indexed} pages "
            f"and analysed in {time.perf_counter() - start:.1f} s"
        )
    return name


def query_counts(client) -> dict[tuple[str, int], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for _, query, page in QUERIES:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": query, "page": page})
        assert response.status_code == 200, (query, response.status_code)
        counts[query, page] = len(captured.captured_queries)
    return counts


def measure(rounds: int, repeats: int) -> dict:
    """Time the results page (and ``search()`` alone) for every query; a summary."""
    from django.conf import settings
    from django.test import Client

    from articles import search
    from articles.models import Article, SearchEntry

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    words = sum(Article.objects.values_list("word_count", flat=True))
    print(
        f"Articles: {Article.objects.count()} (~{words / Article.objects.count():.0f} words each); "
        f"search entries: {SearchEntry.objects.count()}"
    )
    matches = {(query, page): search.search(query, page).total for _, query, page in QUERIES}
    counts = query_counts(client)  # also the warm-up
    for _, query, page in QUERIES:
        client.get("/search/", {"q": query, "page": page})
    page_ms: dict[tuple[str, int], list[float]] = {key: [] for key in counts}
    call_ms: dict[tuple[str, int], list[float]] = {key: [] for key in counts}
    summaries = []
    for number in range(1, rounds + 1):
        before = load()
        this_round: list[float] = []
        this_call: list[float] = []
        for _ in range(repeats):
            for _, query, page in QUERIES:
                start = time.perf_counter()
                response = client.get("/search/", {"q": query, "page": page})
                elapsed = (time.perf_counter() - start) * 1000
                assert response.status_code == 200, (query, response.status_code)
                page_ms[query, page].append(elapsed)
                this_round.append(elapsed)
                start = time.perf_counter()
                search.search(query, page)
                elapsed = (time.perf_counter() - start) * 1000
                call_ms[query, page].append(elapsed)
                this_call.append(elapsed)
        summary = {
            "p50": statistics.median(this_round),
            "p95": percentile(this_round, 0.95),
            "call_p50": statistics.median(this_call),
            "call_p95": percentile(this_call, 0.95),
            "load": f"{before} -> {load()}",
        }
        summaries.append(summary)
        print(
            f"  round {number}: page p50 {summary['p50']:5.1f} ms, p95 {summary['p95']:5.1f} ms; "
            f"search() p50 {summary['call_p50']:5.1f}, p95 {summary['call_p95']:5.1f}  ({summary['load']})"
        )

    print(
        f"\n{'kind':10} {'query':34} {'page':>4} {'matches':>7} {'p50 ms':>7} {'p95 ms':>7} {'search()':>8} {'SQL':>4}"
    )
    kinds: dict[str, list[float]] = {}
    for kind, query, page in QUERIES:
        times = page_ms[query, page]
        kinds.setdefault(kind, []).extend(times)
        print(
            f"{kind:10} {query:34} {page:>4} {matches[query, page]:>7} {statistics.median(times):>7.1f} "
            f"{percentile(times, 0.95):>7.1f} {statistics.median(call_ms[query, page]):>8.1f} {counts[query, page]:>4}"
        )
    print("\nBy kind of query (all rounds):")
    for kind, times in kinds.items():
        print(f"  {kind:10} p50 {statistics.median(times):5.1f} ms, p95 {percentile(times, 0.95):5.1f} ms")
    best = min(summaries, key=lambda s: (s["p50"], s["p95"]))
    return {
        "rounds": summaries,
        "best": best,
        "p50_spread": [min(s["p50"] for s in summaries), max(s["p50"] for s in summaries)],
        "p95_spread": [min(s["p95"] for s in summaries), max(s["p95"] for s in summaries)],
        "queries": sorted(set(counts.values())),
        "samples": rounds * repeats * len(QUERIES),
    }


def explain(vendor: str) -> None:
    """The plan of the statement that finds a results page, for a topic word and a common word."""
    from django.db import connection
    from django.utils import timezone

    from articles import search

    used = search.engine()
    for query in ("cortisol", "brain"):
        sql, params = used.find_sql(query, search.query.page_slices(1), timezone.now())
        prefix = "EXPLAIN (ANALYZE, BUFFERS)" if vendor == "postgresql" else "EXPLAIN QUERY PLAN"
        with search.index_matching(), connection.cursor() as cursor:
            cursor.execute(f"{prefix} {sql}", params)
            plan = [row[0] if vendor == "postgresql" else row[-1] for row in cursor.fetchall()]
        print(f"\n{prefix} of the statement finding the first results page for {query!r}:")
        for line in plan:
            print("  " + line)


def run_engine(vendor: str, articles: int, rounds: int, repeats: int, keep: bool) -> dict:
    """In this process: set up Django on the engine's database, fill it, measure it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindlab.test_settings")
    import django

    django.setup()
    from django.db import connection

    assert connection.vendor == vendor, f"DATABASE_URL points at {connection.vendor}, not {vendor}"
    old_name = connection.settings_dict["NAME"]
    print(f"\n=== {vendor}: {articles} articles ({load()}) ===")
    name = prepare_database(vendor, articles, keep)
    try:
        print(f"Database: {name}")
        result = measure(rounds, repeats)
        explain(vendor)
    finally:
        if not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    return {"vendor": vendor, "articles": articles, **result}


def postgres_answers(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def verdict(result: dict) -> str:
    target = TARGETS[result["vendor"]]
    best = result["best"]
    meets = best["p50"] <= target["p50"] and best["p95"] <= target.get("p95", float("inf"))
    wanted = ", ".join(f"{name} <= {limit:g} ms" for name, limit in target.items())
    return (
        f"{result['vendor']:10} {result['articles']:>6} articles: results page p50 {best['p50']:.1f} ms, "
        f"p95 {best['p95']:.1f} ms (best of {len(result['rounds'])} rounds; p50 {result['p50_spread'][0]:.1f}"
        f"–{result['p50_spread'][1]:.1f}, p95 {result['p95_spread'][0]:.1f}–{result['p95_spread'][1]:.1f}; "
        f"{result['samples']} requests; SQL per page {result['queries']}): "
        f"{'meets' if meets else 'MISSES'} the target ({wanted})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--engines", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--sqlite-articles", type=int, default=DEFAULT_ARTICLES["sqlite"])
    parser.add_argument("--postgres-articles", type=int, default=DEFAULT_ARTICLES["postgresql"])
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("SEARCH_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="the database the benchmark's database is made beside (test_<name>)",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=4, help="requests per query and round")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the filled databases")
    parser.add_argument("--engine", help=argparse.SUPPRESS)  # one engine, in a child process
    args = parser.parse_args()

    if args.engine:
        articles = args.sqlite_articles if args.engine == "sqlite" else args.postgres_articles
        result = run_engine(args.engine, articles, args.rounds, args.repeats, args.keep)
        print("RESULT " + json.dumps(result))
        return

    results = []
    for engine in [name.strip() for name in args.engines.split(",") if name.strip()]:
        env = {**os.environ}
        env.pop("DATABASE_URL", None)
        if engine == "postgresql":
            if not postgres_answers(args.postgres_url):
                print(f"\nPostgreSQL does not answer at {args.postgres_url}: skipped")
                continue
            env["DATABASE_URL"] = args.postgres_url
        command = [sys.executable, __file__, "--engine", engine, *sys.argv[1:]]
        with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True, bufsize=1) as child:  # noqa: S603 - this script
            for line in child.stdout:
                if line.startswith("RESULT "):
                    results.append(json.loads(line.removeprefix("RESULT ")))
                else:
                    print(line, end="", flush=True)
        if child.returncode:
            print(f"{engine}: the benchmark failed (exit status {child.returncode})")
    print(f"\n=== Search results page against the targets of issue 17 ({load()}) ===")
    for result in results:
        print(verdict(result))


if __name__ == "__main__":
    main()
