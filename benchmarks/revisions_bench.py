"""Does a page cost readers more when it has many revisions? (``make bench`` row, or a quick run.)

Readers never read revisions: an anonymous request for a page runs the same queries
whether the page has no revisions or thousands, one of them pending as a draft (the
draft is looked up only for staff who may preview). Per request the site asks only for
scheduled drafts that are due (a partial index on ``scheduled_for``), whatever the
number of revisions. This measures that: the article page's queries and render time
(page cache bypassed) with 0, then ``BENCH_REVISIONS`` (default 100 and 2,000) revisions
of that article and as many of other pages.

Quick run on its own SQLite file (``benchmarks/.data/revisions-bench.sqlite3``)::

    .venv/bin/python -m benchmarks.revisions_bench        # BENCH_ARTICLES=20 by default
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def revision_counts() -> list[int]:
    raw = os.environ.get("BENCH_REVISIONS", "100,2000")
    return sorted({int(part) for part in raw.split(",") if part.strip().isdigit()})


def add_revisions(page, total: int) -> None:
    """Grow ``page``'s revisions to ``total`` (saved ones and autosaves), the newest a pending draft;
    other pages get as many, so the table grows around it too."""
    from django.contrib.contenttypes.models import ContentType

    from articles import drafts
    from revisions.models import Revision

    content_type = ContentType.objects.get_for_model(page)
    have = Revision.objects.of(page).count()
    if total <= have:
        return
    snapshot = drafts.snapshot_of(page)
    kinds = [Revision.Kind.SAVED, Revision.Kind.AUTOSAVE]
    others = type(page)._default_manager.exclude(pk=page.pk).values_list("pk", flat=True)[:5]
    rows = []
    for number in range(have, total):
        kind = Revision.Kind.DRAFT if number == total - 1 else kinds[number % 2]
        rows.append(Revision(content_type=content_type, object_id=page.pk, kind=kind, snapshot=snapshot))
        rows += [
            Revision(content_type=content_type, object_id=other, kind=Revision.Kind.SAVED, snapshot=snapshot)
            for other in others
        ]
    Revision.objects.bulk_create(rows, batch_size=500)


def bench_article():
    """The article ``benchmarks.run`` measures."""
    from articles.models import Article

    return Article.objects.filter(slug__startswith="bench-article-", hub__isnull=False).order_by("pk")[1]


def sql_ms(client, url: str, samples: int) -> float:
    """Median time the database spends on one render (less noisy than the whole request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mindlab import pagecache

    timings = []
    for n in range(samples):
        pagecache.invalidate()
        with CaptureQueriesContext(connection) as queries:
            client.get(f"{url}?nocache=sql{n}")
        timings.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
    return statistics.median(timings)


def measure(client, url: str, page, samples: int = 20) -> list[tuple[int, int, float, float, float]]:
    """(revisions of the page, queries, median ms, p95 ms, SQL ms) of rendering ``url`` for a reader."""
    from benchmarks.run import count_queries, measure_render, p95
    from revisions.models import Revision

    results = []
    for total in [0, *revision_counts()]:
        if total:
            add_revisions(page, total)
        revisions = Revision.objects.of(page).count()
        queries = count_queries(client, url)
        timings = measure_render(client, url, samples)
        results.append(
            (revisions, queries, statistics.median(timings), p95(timings), sql_ms(client, url, samples))
        )
    return results


def rows(results: list[tuple[int, int, float, float, float]]) -> list[list[str]]:
    """Extra rows for ``benchmarks.run``'s table: render median and p95 ms, queries."""
    from benchmarks.run import _extra

    return [
        _extra(f"article, {revisions} revisions (SQL {sql:.1f} ms)", median, p95_ms, queries)
        for revisions, queries, median, p95_ms, sql in results
    ]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault(
        "DATABASE_URL", f"sqlite:///{ROOT / 'benchmarks' / '.data' / 'revisions-bench.sqlite3'}"
    )
    from benchmarks.run import _reset_database, analyze_database, configure_environment

    configure_environment()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from benchmarks import corpus
    from revisions.models import Revision

    _reset_database()
    call_command("collectstatic", interactive=False, verbosity=0)
    corpus.seed(int(os.environ.get("BENCH_ARTICLES", "20")), progress=lambda *args: None)
    analyze_database()
    article = bench_article()
    results = measure(
        Client(), article.get_absolute_url(), article, int(os.environ.get("BENCH_SAMPLES", "20"))
    )
    print(f"== {Revision.objects.count()} revisions in the table at the end")
    print("| revisions of the article | queries | render median ms | p95 ms | SQL ms (median) |")
    print("|---|---|---|---|---|")
    for revisions, queries, median, p95_ms, sql in results:
        print(f"| {revisions} | {queries} | {median:.1f} | {p95_ms:.1f} | {sql:.1f} |")
    grew = {queries for _r, queries, _m, _p, _s in results}
    print("queries constant" if len(grew) == 1 else f"NOTE: queries changed: {sorted(grew)}")
    return 0 if len(grew) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
