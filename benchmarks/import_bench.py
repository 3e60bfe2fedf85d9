"""Import throughput: 1,000 generated plain-text article exports (target: under a minute).

    .venv/bin/python benchmarks/import_bench.py            # 1,000 articles
    IMPORT_BENCH_ARTICLES=200 .venv/bin/python benchmarks/import_bench.py

Each generated page has the shape of a copied page of the site: title, subtitle,
byline, a key-takeaways sidebar, ~1,500 words in H2/H3 sections with lists and a
table, in-text citations of three works (from a pool of 40, so works are shared),
a call to action, an author bio, references with DOIs, a disclaimer and three FAQs.

The database is a separate SQLite file (``benchmarks/.data/import_bench.sqlite3``,
recreated each run) unless ``DATABASE_URL`` is set; its name must then contain
"bench" because the benchmark empties it. Prints the figures; no thresholds.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
WORDS = [
    "attention",
    "stress",
    "cortex",
    "memory",
    "sleep",
    "signal",
    "decision",
    "threat",
    "recovery",
    "habit",
    "network",
    "pressure",
    "focus",
    "regulation",
    "leader",
    "team",
    "feedback",
    "energy",
    "routine",
    "evidence",
    "response",
    "system",
    "balance",
    "context",
    "pattern",
]
SURNAMES = [
    "Adler",
    "Brandt",
    "Castillo",
    "Dumont",
    "Eriksen",
    "Fontaine",
    "Gallo",
    "Hartley",
    "Ibsen",
    "Jovanovic",
]


def configure() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL", "")
    if url and "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("DATABASE_URL must name a database containing 'bench': this benchmark empties it.")
    if not url:
        database = DATA / "import_bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindlab.settings")
    os.environ.setdefault("SECRET_KEY", "import-benchmark-only-" + "k" * 40)
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, mentions: list[str]) -> str:
    parts = [sentence(rng, rng.randint(10, 18)) for _ in range(rng.randint(3, 5))]
    if mentions and rng.random() < 0.5:
        parts[-1] = parts[-1][:-1] + f" {rng.choice(mentions)}."
    return " ".join(parts)


def works() -> list[tuple[str, str, str]]:
    """(reference string, parenthetical mention, narrative mention) for a pool of 40 works."""
    pool = []
    for number in range(40):
        first, second = SURNAMES[number % 10], SURNAMES[(number * 3 + 1) % 10]
        year = 1995 + number
        reference = (
            f"{first}, A. B., & {second}, C. D. ({year}). Study {number} of {WORDS[number % len(WORDS)]} "
            f"under load. Journal of Applied Brain Research, {number + 1}(2), {10 + number}–{20 + number}. "
            f"https://doi.org/10.5555/bench.{number:04d}"
        )
        pool.append((reference, f"({first} & {second}, {year})", f"{first} and {second} ({year})"))
    return pool


def article_text(number: int, rng: random.Random, pool: list[tuple[str, str, str]]) -> str:
    cited = rng.sample(pool, 3)
    mentions = [work[1] for work in cited] + [work[2] for work in cited]
    lines = [
        f"Generated Article {number}: The {rng.choice(WORDS).title()} of {rng.choice(WORDS).title()}",
        f"What {rng.choice(WORDS)} teaches us about {rng.choice(WORDS)} at work",
        f"By Dr Bench Author {number % 12} · Published 3 March 2025 · 7 min read",
        "Key Takeaways",
        *(sentence(rng, 9) for _ in range(4)),
    ]
    for section in range(6):
        lines.append(
            f"Section {section + 1} About {rng.choice(WORDS).title()} and {rng.choice(WORDS).title()}"
        )
        lines += [paragraph(rng, mentions) for _ in range(3)]
        if section == 2:
            lines.append("Three signs to watch for:")
            lines += [" ".join(rng.choice(WORDS) for _ in range(5)).capitalize() for _ in range(3)]
        if section == 4:
            lines += ["| Moment | Effect | Response |", "|---|---|---|"]
            lines += [
                f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} | {rng.choice(WORDS)} |" for _ in range(4)
            ]
    lines += [
        "Book a Strategy Call",
        "Thirty minutes to look at what you are facing and what would help.",
        f"About Dr Bench Author {number % 12}",
        "A researcher who writes about the working brain for people who lead.",
        "References",
        *(work[0] for work in cited),
        "This article is for educational purposes only and does not constitute medical advice.",
        "Frequently Asked Questions",
    ]
    for question in range(3):
        lines += [f"Question {question + 1} about {rng.choice(WORDS)}?", paragraph(rng, [])]
    return "\n".join(lines) + "\n"


def main() -> None:
    configure()
    from django.core.management import call_command
    from django.db import connection

    from articles.importing import Options, import_paths
    from articles.models import Article, Takeaway

    total = int(os.environ.get("IMPORT_BENCH_ARTICLES", "1000"))
    call_command("migrate", verbosity=0, interactive=False)
    if connection.vendor != "sqlite":
        call_command("flush", verbosity=0, interactive=False)
    rng = random.Random(6)
    pool = works()
    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        root = Path(folder)
        started = time.perf_counter()
        words = 0
        for number in range(1, total + 1):
            text = article_text(number, rng, pool)
            words += len(text.split())
            (root / f"article-{number:04d}.txt").write_text(text, encoding="utf-8")
        generated = time.perf_counter() - started

        started, cpu = time.perf_counter(), time.process_time()
        report = import_paths([root], Options(status="published"))
        first, first_cpu = time.perf_counter() - started, time.process_time() - cpu

        started, cpu = time.perf_counter(), time.process_time()
        again = import_paths([root], Options(status="published"))
        second, second_cpu = time.perf_counter() - started, time.process_time() - cpu

    created, skipped = len(report.of("created")), len(report.skipped)
    print(
        f"database: {connection.vendor}; {total} generated articles, {words / total:,.0f} words each on average"
    )
    print(f"  generating files       {generated:6.1f} s")
    print(
        f"  first import (create)  {first:6.1f} s  {total / first:7.1f} articles/s  "
        f"(CPU {first_cpu:.1f} s; {created} created, {skipped} skipped)"
    )
    print(
        f"  re-import (unchanged)  {second:6.1f} s  {total / second:7.1f} articles/s  "
        f"(CPU {second_cpu:.1f} s; {len(again.of('updated'))} updated)"
    )
    print(
        f"  stored: {Article.objects.count()} articles, {Takeaway.objects.count()} takeaways, "
        f"warnings: {len(report.warnings)}"
    )
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(
            f"  note: load average {load:.1f} on {os.cpu_count()} CPUs, so wall times include waiting for a CPU"
        )
    verdict = "under" if first * 1000 / total < 60 else "OVER"
    print(f"  target: 1,000 articles under 60 s -> {verdict} ({first * 1000 / total:.1f} s per 1,000)")


if __name__ == "__main__":
    main()
