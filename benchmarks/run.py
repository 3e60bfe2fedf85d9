"""``make bench``: seed a corpus, measure every public page type, print one table.

Environment (all optional):

* ``DATABASE_URL`` — where to seed; default a separate SQLite file,
  ``benchmarks/.data/bench.sqlite3``. The database is emptied first, so its name must
  contain "bench" (e.g. ``postgres://postgres@127.0.0.1:5432/mindlab_bench``).
* ``REDIS_URL`` — the cache gunicorn uses; default ``redis://127.0.0.1:6379/14`` when a
  Redis answers there, else local memory (then gunicorn runs one process).
* ``BENCH_ARTICLES`` (2000), ``BENCH_SMALL`` (200): corpus sizes compared for queries.
* ``BENCH_SAMPLES`` (40) test-client requests per page; ``BENCH_DURATION`` (5) seconds
  and ``BENCH_CONNECTIONS`` (8) for each ``wrk`` run, ``BENCH_ROUNDS`` (3) rounds
  whose median is reported; ``BENCH_PORT`` (8765).

``--seed-only`` seeds and stops (to profile against the same corpus); ``--reuse`` measures
an already seeded benchmark database again (no query count at the small size).
Loads go to 127.0.0.1 only and every ``wrk`` run is bounded by ``BENCH_DURATION``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"


def _redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


def configure_environment(*, keep_database: bool = False) -> dict[str, str]:
    """Production settings for the benchmark process and the gunicorn it starts."""
    DATA.mkdir(parents=True, exist_ok=True)
    env = {
        "DJANGO_SETTINGS_MODULE": "mindlab.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": str(DATA / "media"),
        "CACHE_KEY_PREFIX": "mindlab-bench",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        _ensure_postgres_database(os.environ["DATABASE_URL"])
    if not os.environ.get("DATABASE_URL") and not keep_database:
        for leftover in DATA.glob("bench.sqlite3*"):
            leftover.unlink()  # a fresh file each run
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA / 'bench.sqlite3'}"
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url and _redis_answers(DEFAULT_REDIS):
        redis_url = DEFAULT_REDIS
    env["REDIS_URL"] = redis_url
    for name, value in env.items():
        if name in ("DATABASE_URL", "REDIS_URL"):
            os.environ[name] = value
        else:
            os.environ.setdefault(name, value)
    return {**os.environ}


@dataclass
class PageResult:
    name: str
    url: str
    bytes: int = 0
    bytes_small: int | None = None
    render_ms: float = 0.0
    queries_small: int | None = None
    queries_large: int | None = None
    median_ms: float = 0.0
    p95_ms: float = 0.0
    cached_median_ms: float = 0.0
    rps_uncached: float = 0.0
    rps_cached: float = 0.0
    rps_static: float = 0.0
    notes: list[str] = field(default_factory=list)
    # (a)/(c) and (b)/(c) of each round: runs back to back share the machine's mood.
    round_ratios_uncached: list[float] = field(default_factory=list)
    round_ratios_cached: list[float] = field(default_factory=list)

    @property
    def ratio_uncached(self) -> float:
        if self.round_ratios_uncached:
            return statistics.median(self.round_ratios_uncached)
        return self.rps_uncached / self.rps_static if self.rps_static else 0.0

    @property
    def ratio_cached(self) -> float:
        if self.round_ratios_cached:
            return statistics.median(self.round_ratios_cached)
        return self.rps_cached / self.rps_static if self.rps_static else 0.0


def page_urls() -> dict[str, str]:
    from django.urls import NoReverseMatch, reverse

    from articles.models import Article, Author, Hub, Pillar

    article = Article.objects.filter(slug__startswith="bench-article-", hub__isnull=False).order_by("pk")[1]
    urls = {
        "home": reverse("articles:home"),
        "pillar": Pillar.objects.get(slug="bench-pillar-0").get_absolute_url(),
        "hub": Hub.objects.get(slug="bench-hub-1").get_absolute_url(),
        "article": article.get_absolute_url(),
        "author": Author.objects.get(slug="bench-author-0").get_absolute_url(),
    }
    for name, route in (("feed", "articles:feed_rss"), ("sitemap", "articles:sitemap")):
        with contextlib.suppress(NoReverseMatch):
            urls[name] = reverse(route)
    return urls


def _uncached(url: str, n: int | str) -> str:
    """The same page, but with a query string the page cache never serves from the cache."""
    return f"{url}{'&' if '?' in url else '?'}nocache={n}"


def count_queries(client, url: str) -> int:
    """Queries of rendering the page (nothing cached: as for the first reader after an edit)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mindlab import pagecache

    client.get(_uncached(url, "warm"))
    pagecache.invalidate()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_uncached(url, "count"))
    assert response.status_code == 200, (url, response.status_code)
    return len(queries.captured_queries)


def time_requests(client, url: str, samples: int) -> list[float]:
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure_markdown(samples: int = 20) -> tuple[float, float]:
    """Median and p95 ms to render one article body (what each save does)."""
    from articles.markdown import render_markdown
    from articles.models import Article

    timings = []
    for article in Article.objects.filter(slug__startswith="bench-article-").order_by("pk")[:samples]:
        env = article.markdown_env()
        started = time.perf_counter()
        render_markdown(article.body, env)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), p95(timings)


def measure_render(client, url: str, samples: int) -> list[float]:
    """Ms to render the page with nothing cached: what the first reader after an edit waits."""
    from mindlab import pagecache

    timings = []
    for n in range(samples):
        pagecache.invalidate()
        started = time.perf_counter()
        response = client.get(_uncached(url, f"render{n}"))
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def measure_search(client, samples: int) -> tuple[float, float, int] | None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("articles:search")
    except NoReverseMatch:
        return None
    terms = ["cortisol", "stress resilience", "prefrontal cortex", "sleep decision", "vagal tone breathing"]
    timings = []
    for i in range(samples):
        started = time.perf_counter()
        response = client.get(url, {"q": terms[i % len(terms)]})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"q": terms[0]})
    return statistics.median(timings), p95(timings), len(queries.captured_queries)


def run_import_bench(env: dict[str, str]) -> str | None:
    script = ROOT / "benchmarks" / "import_bench.py"
    if not script.exists():
        return None
    env = {**env}
    database_url = env.pop("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        env["DATABASE_URL"] = _sibling_postgres_database(database_url, "_import")
    # (on SQLite it uses its own file; never the page benchmark's corpus)
    try:
        done = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, str(script)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "import benchmark timed out after 600 s"
    lines = [line for line in (done.stdout or "").strip().splitlines() if line.strip()]
    if done.returncode != 0:
        return f"import benchmark failed (exit {done.returncode}): {(done.stderr or '').strip()[-300:]}"
    return lines[-1] if lines else "import benchmark printed nothing"


def _ensure_postgres_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database if it does not exist yet."""
    import psycopg

    base, _, name = url.rpartition("/")
    name = name.partition("?")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def _sibling_postgres_database(url: str, suffix: str) -> str:
    """``.../mindlab_bench`` -> ``.../mindlab_bench_import``, created if missing."""
    import psycopg

    base, _, name = url.rpartition("/")
    name, _, query = name.partition("?")
    sibling = f"{name}{suffix}"
    with psycopg.connect(f"{base}/{name}", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [sibling]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{sibling}"')
    return f"{base}/{sibling}" + (f"?{query}" if query else "")


def analyze_database() -> None:
    """Give the query planner statistics, as a production database has them.

    PostgreSQL's autovacuum keeps them current; SQLite needs ``ANALYZE`` (or ``PRAGMA
    optimize``). Without them SQLite picks poor join orders for a freshly bulk-loaded
    table, which no long-running site would see.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- gunicorn and wrk ---------------------------------------------------------------


def _free_port(preferred: int) -> int:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", preferred)) != 0:
            return preferred
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "-c",
        str(ROOT / "mindlab" / "gunicorn.conf.py"),
        "--no-control-socket",
        "--bind",
        f"127.0.0.1:{port}",
        "mindlab.wsgi:application",
    ]
    log = (DATA / "gunicorn.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {DATA / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/bench/home.html", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not answer within 30 s")


def fetch(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def wrk(port: int, path: str, duration: int, connections: int) -> tuple[float, str]:
    """Requests per second for ``path``; a note if any response was not 2xx/3xx."""
    done = subprocess.run(  # noqa: S603
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", f"http://127.0.0.1:{port}{path}"],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=duration + 30,
        check=True,
    )
    rate = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    note = f"{errors.group(1)} non-2xx on {path}" if errors else ""
    return (float(rate.group(1)) if rate else 0.0), note


# --- the table ----------------------------------------------------------------------------


def _fmt(value: float | int | None, pattern: str = "{:.0f}") -> str:
    return "–" if value is None or value == 0 else pattern.format(value)


def table(results: list[PageResult], extra_rows: list[list[str]], small: int, large: int) -> str:
    header = [
        "page",
        f"KB @{small}",
        f"KB @{large}",
        f"SQL @{small}",
        f"SQL @{large}",
        "render ms",
        "median ms",
        "p95 ms",
        "cached ms",
        "(a) uncached req/s",
        "(b) cached req/s",
        "(c) static req/s",
        "(a)/(c)",
        "(b)/(c)",
    ]
    rows = [header]
    for r in results:
        rows.append(
            [
                r.name,
                _fmt(r.bytes_small and r.bytes_small / 1024),
                f"{r.bytes / 1024:.0f}",
                _fmt(r.queries_small, "{}"),
                _fmt(r.queries_large, "{}"),
                _fmt(r.render_ms, "{:.1f}"),
                f"{r.median_ms:.1f}",
                f"{r.p95_ms:.1f}",
                f"{r.cached_median_ms:.2f}",
                _fmt(r.rps_uncached),
                _fmt(r.rps_cached),
                _fmt(r.rps_static),
                f"{r.ratio_uncached:.0%}" if r.rps_static else "–",
                f"{r.ratio_cached:.0%}" if r.rps_static else "–",
            ]
        )
    rows.extend(extra_rows)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for number, row in enumerate(rows):
        cells = [cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
        if number == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _extra(name: str, median: float | None, p95_ms: float | None, queries: int | None = None) -> list[str]:
    cells = [name, "", "", "", _fmt(queries, "{}"), "", _fmt(median, "{:.1f}"), _fmt(p95_ms, "{:.1f}")]
    return [*cells, "", "", "", "", "", ""]


def _reset_database() -> None:
    from django.conf import settings
    from django.core.management import call_command

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in Path(name).name:
        raise SystemExit(f"Refusing to empty {name!r}: the benchmark database's name must contain 'bench'.")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)


def main(argv: list[str]) -> int:
    sys.stdout.reconfigure(line_buffering=True)
    seed_only = "--seed-only" in argv
    env = configure_environment(keep_database="--reuse" in argv)
    large = int(os.environ.get("BENCH_ARTICLES", "2000"))
    small = min(int(os.environ.get("BENCH_SMALL", "200")), large)
    samples = int(os.environ.get("BENCH_SAMPLES", "40"))
    duration = int(os.environ.get("BENCH_DURATION", "5"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "8"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from benchmarks import corpus

    vendor = connection.vendor
    print(
        f"== database: {vendor} {connection.settings_dict['NAME']}; cache: {env['REDIS_URL'] or 'local memory'}"
    )
    from articles.models import Article

    reuse = "--reuse" in argv and Article.objects.filter(slug__startswith="bench-article-").count() >= large
    if not reuse:
        _reset_database()
    cache.clear()
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest pages link to
    client = Client()
    if reuse:
        print(f"== reusing the corpus already seeded ({large} articles); no count at {small}")
        report_small = corpus.SeedReport()
        urls = page_urls()
        results = {name: PageResult(name, url) for name, url in urls.items()}
    else:
        print(f"== seeding {small} articles")
        report_small = corpus.seed(small)
        analyze_database()
        urls = page_urls()
        results = {name: PageResult(name, url) for name, url in urls.items()}
        for r in results.values():
            r.queries_small = count_queries(client, r.url)
            r.bytes_small = len(client.get(r.url).content)

    print(f"== seeding up to {large} articles")
    report_large = corpus.seed(large)
    analyze_database()
    seeded_seconds = report_small.seconds + report_large.seconds
    save_ms = [s * 1000 for s in report_small.article_save_seconds + report_large.article_save_seconds]
    if save_ms:
        print(f"   {len(save_ms)} articles in {seeded_seconds:.0f} s")
    if seed_only:
        return 0

    print("== test client: queries and server time")
    for r in results.values():
        r.queries_large = count_queries(client, r.url)
        r.render_ms = statistics.median(measure_render(client, r.url, max(5, samples // 4)))
        timings = time_requests(client, _uncached(r.url, "t"), samples)
        r.median_ms, r.p95_ms = statistics.median(timings), p95(timings)
        client.get(r.url)
        cached = time_requests(client, r.url, samples)
        r.cached_median_ms = statistics.median(cached)
        if r.queries_small is not None and r.queries_small != r.queries_large:
            r.notes.append(f"queries grew {r.queries_small} -> {r.queries_large}")
        body = len(client.get(r.url).content)
        if r.bytes_small is not None and abs(body - r.bytes_small) > 0.1 * r.bytes_small:
            r.notes.append(f"bytes grew {r.bytes_small} -> {body}")

    md_median, md_p95 = measure_markdown()
    search = measure_search(client, samples)

    print("== static files and gunicorn")
    from django.conf import settings

    static_dir = Path(settings.STATIC_ROOT) / "bench"
    shutil.rmtree(static_dir, ignore_errors=True)
    static_dir.mkdir(parents=True)
    for r in results.values():
        body = client.get(r.url).content
        r.bytes = len(body)
        (static_dir / f"{r.name}.html").write_bytes(body)  # same size, served by WhiteNoise
    connection.close()

    port = _free_port(int(os.environ.get("BENCH_PORT", "8765")))
    server = start_gunicorn(env, port)
    try:
        for r in results.values():
            for _ in range(8):  # each worker process keeps its own copy: warm them all
                fetch(port, r.url)
            status, headers, _ = fetch(port, r.url)
            if status != 200:
                r.notes.append(f"status {status}")
            if headers.get("X-Page-Cache") != "hit":
                r.notes.append(f"expected a cache hit, got {headers.get('X-Page-Cache')!r}")
            _status, headers, _ = fetch(port, _uncached(r.url, "wrk"))
            if "X-Page-Cache" in headers:
                r.notes.append("uncached URL was served by the page cache")
        wrk(port, "/static/bench/home.html", 2, connections)  # warm-up
        print(f"== wrk: {rounds} rounds of {duration} s per run, {connections} connections, one thread")
        rates: dict[str, dict[str, list[float]]] = {
            r.name: {"a": [], "b": [], "c": []} for r in results.values()
        }
        for round_number in range(rounds):
            for r in results.values():
                # (c), (b), (a) back to back, so a burst of noise touches all three alike.
                for kind, path in (
                    ("c", f"/static/bench/{r.name}.html"),
                    ("b", r.url),
                    ("a", _uncached(r.url, "wrk")),
                ):
                    rate, note = wrk(port, path, duration, connections)
                    rates[r.name][kind].append(rate)
                    if note:
                        r.notes.append(note)
                a, b, c = (rates[r.name][kind][-1] for kind in "abc")
                if c:
                    r.round_ratios_uncached.append(a / c)
                    r.round_ratios_cached.append(b / c)
            print(f"   round {round_number + 1}/{rounds} done")
        for r in results.values():
            r.rps_uncached = statistics.median(rates[r.name]["a"])
            r.rps_cached = statistics.median(rates[r.name]["b"])
            r.rps_static = statistics.median(rates[r.name]["c"])
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static_dir, ignore_errors=True)

    print("== an article with many revisions (readers' cost must not grow)")
    from benchmarks import revisions_bench

    revision_rows = revisions_bench.rows(
        revisions_bench.measure(client, results["article"].url, revisions_bench.bench_article(), samples // 2)
    )

    print("== import benchmark (its own database)")
    import_line = run_import_bench(env)

    extra_rows = [
        _extra("markdown render (1 article)", md_median, md_p95),
    ]
    if save_ms:
        extra_rows.append(
            _extra("article save (render+refs+index)", statistics.median(save_ms), p95(save_ms))
        )
    if search:
        extra_rows.append(_extra("search (/search/?q=)", search[0], search[1], search[2]))
    extra_rows += revision_rows
    output = table(list(results.values()), extra_rows, small, large)
    print()
    print(output)
    print()
    print(
        f"database {vendor}; cache {'Redis' if env['REDIS_URL'] else 'local memory'}; {os.cpu_count()} cores"
    )
    if save_ms:
        print(
            f"seeded {len(save_ms)} articles in {seeded_seconds:.0f} s ({len(save_ms) / seeded_seconds:.1f} articles/s)"
        )
    if import_line:
        print(f"import: {import_line}")
    for r in results.values():
        for note in r.notes:
            print(f"NOTE {r.name}: {note}")
    (DATA / "results.json").write_text(
        json.dumps(
            {
                "pages": [asdict(r) for r in results.values()],
                "markdown_ms": [md_median, md_p95],
                "search": search,
                "import": import_line,
                "table": output,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
