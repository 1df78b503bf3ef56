"""`make bench`: load-test the production-like server against a static file served by the same server.

    python -m tests.perf.bench [--duration 8] [--connections 16] [--articles 1000] [--programs 100000] [--rebuild]
                               [--render-runs 60] [--profile PAGE]

1. Builds a benchmark database, never the dev one (tests/perf/bench/database.py): SQLite in var/bench/,
   or, when DATABASE_URL is set, a PostgreSQL database named <name>_bench on the same server. The seed
   content plus 1,000 synthetic articles and 100,000 synthetic programs (tests/perf/bench/generate.py);
   rebuilt, by recreating the database, only when missing, built with other counts, or with --rebuild.
2. Starts gunicorn (2 workers, DJANGO_ENV=production, DEBUG off, plain HTTP on 127.0.0.1) with the page
   cache on and Redis when REDIS_URL is set (own key prefix).
3. Drives each page type with wrk for a bounded time from a separate process, with the Accept-Encoding of
   a browser, and prints requests/s, p50/p99 latency, errors and the ratio to a static file of about the
   size of the flagship article, measured in the same run. "Every URL new" rows add a distinct query parameter
   to every request (per wrk thread and counter), so each one misses the page cache and renders.
   Next to each row: the page type's in-process render time (median and p95) and SQL queries with the
   page cache off (tests/perf/bench/render.py), measured before the server starts.
4. Prints the bytes a browser transfers for each page type with brotli: HTML + CSS + JS.

`--profile PAGE` prints a cProfile of one page type's in-process renders instead of benchmarking.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import time

from tests.perf.bench import render
from tests.perf.bench.database import (
    BASE_DIR,
    BENCH_DIR,
    bench_database_url,
    build,
    log,
    manage,
    page_urls,
)
from tests.perf.bench.wrk import ACCEPT_ENCODING, Target, run_wrk
from tests.perf.servers import (
    ServerDidNotStart,
    fetch,
    free_port,
    production_environment,
    start_gunicorn,
    stop_server,
)


def bench_environment(port: int) -> dict[str, str]:
    env = production_environment(port=port, data_dir=BENCH_DIR)
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = bench_database_url(os.environ["DATABASE_URL"])
    if os.environ.get("REDIS_URL"):
        env["DJANGO_CACHE_KEY_PREFIX"] = "careersite-bench"
    return env


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    try:
        return start_gunicorn(
            env, port=port, workers=workers, log_file=BENCH_DIR / "gunicorn.log"
        )
    except ServerDidNotStart as error:
        raise SystemExit(str(error)) from None


def finder_paths(pathways: list[str]) -> list[str]:
    keys = pathways or ["high_school"]
    filters = [
        "",
        "&state=OH",
        "&format=online",
        "&state=TX&format=campus",
        "&zip=43215&radius=100",
        "&zip=10001",
    ]
    return [
        f"/schools/results/?education={keys[i % len(keys)]}{extra}"
        for i, extra in enumerate(filters)
    ]


def static_reference(size: int) -> tuple[str, int]:
    """The collected static file (hashed, .css/.js) whose brotli body, as whitenoise serves it, is closest in
    size to the flagship page as served; returns its URL and that size."""
    root = BASE_DIR / "staticfiles"
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    candidates = []
    for hashed in manifest.values():
        served = root / f"{hashed}.br"
        if hashed.endswith((".css", ".js")) and served.exists():
            candidates.append(
                (abs(served.stat().st_size - size), served.stat().st_size, hashed)
            )
    _, served_size, hashed = min(candidates)
    return "/static/" + hashed, served_size


def wait_until_idle(base: str, limit: float = 60) -> None:
    """Let the server finish requests queued by the previous run, so each run starts idle."""
    deadline = time.time() + limit
    while time.time() < deadline:
        started = time.perf_counter()
        with contextlib.suppress(OSError):
            fetch(base + "/healthz")
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.2)


def transfer_sizes(base: str, path: str) -> tuple[int, int, int, int]:
    """(raw HTML, brotli HTML, brotli CSS, brotli JS) bytes a first visit transfers."""
    _, raw, _ = fetch(base + path)
    # As served: raw when the app does not compress.
    _, html, headers = fetch(base + path, "br")
    text = raw.decode("utf-8", "replace")
    css = js = 0
    for href in re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text):
        css += len(fetch(base + href, "br")[1])
    for src in re.findall(r'<script[^>]+src="([^"]+)"', text):
        js += len(fetch(base + src, "br")[1])
    return len(raw), len(html), css, js


SEARCH_PATHS = [
    "/search/?q=coding",
    "/search/?q=medical+records",
    "/search/?q=ccs+exam",
    "/search/?q=cahiim",
]


def page_targets(urls: dict, reference: str) -> list[Target]:
    """The rows of the table, in order; the static file first and last."""
    finder = finder_paths(urls["pathways"])
    article = [urls["article"]]
    return [
        Target("static reference", [reference]),
        Target("flagship article", article, page="article"),
        Target("uncached flagship article", article, bust=True, page="article"),
        Target("article index", ["/guides/"], page="article index"),
        Target("finder results, 6 URLs", finder, page="finder results"),
        Target(
            "finder results, every URL new", finder, bust=True, page="finder results"
        ),
        Target("program page", [urls["program"]], page="program page"),
        Target("search, 4 URLs", SEARCH_PATHS, page="search"),
        Target("search, every URL new", SEARCH_PATHS, bust=True, page="search"),
        Target("static reference, again", [reference]),
    ]


SALARY = "/careers/medical-records-specialists/salary/"
# The pay pages, measured in-process only (their data is BLS's release, the same at every bench size).
PAY_PAGES = [
    {"name": "salary (national and states)", "paths": [SALARY]},
    {
        "name": "pay: state",
        "paths": [SALARY + "states/ohio/", SALARY + "states/california/"],
    },
    {"name": "pay: metro area", "paths": [SALARY + "areas/columbus-oh/"]},
    {
        "name": "pay: near a ZIP",
        "paths": [SALARY + "near/?zip=43210", SALARY + "near/?zip=10001"],
    },
    {
        "name": "pay: compare 5 places",
        "paths": [
            SALARY
            + "compare/?a=columbus-oh&a=cleveland-oh&a=ohio&a=texas&a=united-states"
        ],
    },
]


def render_pages(targets: list[Target]) -> list[dict]:
    pages = {}
    for target in targets:
        if target.page:
            pages.setdefault(target.page, target.paths)
    return [{"name": name, "paths": paths} for name, paths in pages.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--duration", type=int, default=8, help="seconds per page type (default 8)"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the benchmark database"
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="render every page (the 'before' numbers)",
    )
    parser.add_argument(
        "--render-runs",
        type=int,
        default=60,
        help="in-process renders per page type, page cache off (default 60; 0 skips)",
    )
    parser.add_argument(
        "--profile",
        metavar="PAGE",
        default="",
        help="print a cProfile of --render-runs in-process renders of one page type "
        "(article, article index, finder results, program page, search) and stop",
    )
    args = parser.parse_args(argv)

    if shutil.which("wrk") is None and not args.profile:
        log(
            "wrk is not installed. On Debian/Ubuntu: sudo apt-get install wrk (then run make bench again)."
        )
        return 2

    port = free_port()
    env = bench_environment(port)
    if args.no_page_cache:
        env["DJANGO_PAGE_CACHE"] = "0"
    backend = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    cache = ("Redis" if env.get("REDIS_URL") else "local memory") + " cache"
    cache += ", PAGE CACHE OFF" if args.no_page_cache else ""
    build(env, articles=args.articles, programs=args.programs, rebuild=args.rebuild)
    # `make bench` collects first; a direct run may not have.
    if not (BASE_DIR / "staticfiles" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--no-input", "-v", "0")
    urls = page_urls(env)
    pages = render_pages(page_targets(urls, "")) + PAY_PAGES
    if args.profile:
        render.measure(env, pages, runs=args.render_runs, profile=args.profile)
        return 0
    # Before the server starts, so nothing else of ours runs meanwhile.
    renders = {}
    if args.render_runs:
        log(f"Rendering each page type {args.render_runs} times in-process")
        renders = render.measure(env, pages, runs=args.render_runs)

    server = start_server(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        flagship_raw = len(fetch(base + urls["article"])[1])
        flagship_served = len(fetch(base + urls["article"], ACCEPT_ENCODING)[1])
        reference, reference_size = static_reference(flagship_served)
        targets = page_targets(urls, reference)
        # Prime the cache and fail early on a broken page.
        for target in targets:
            for path in target.paths:
                status = fetch(base + path, ACCEPT_ENCODING)[0]
                if status != 200:
                    raise SystemExit(
                        f"{path} answered {status}; see {BENCH_DIR / 'gunicorn.log'}"
                    )

        log("")
        log(
            f"careersite bench: {backend} + {cache}, gunicorn {args.workers} sync workers, wrk 2 threads, "
            f"{args.connections} connections, {args.duration} s each, Accept-Encoding: {ACCEPT_ENCODING}"
        )
        log(
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d %H:%M %Z')}; "
            f"static reference {reference} "
            f"({reference_size} B as served), flagship article {flagship_served} B as served "
            f"({flagship_raw} B raw); the static file is measured first and last, the ratio uses the mean"
        )
        # Warm both workers up (imports, first file reads), not measured.
        for target in targets[:2]:
            run_wrk(base, target, duration=2, connections=args.connections)
        results = []
        for target in targets:
            wait_until_idle(base)
            results.append(
                run_wrk(
                    base, target, duration=args.duration, connections=args.connections
                )
            )
        static_rps = (results[0].rps + results[-1].rps) / 2
        log("")
        log(
            f"{'page type':38} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs static':>9}"
            f" {'render ms':>10} {'p95 ms':>7} {'queries':>7}"
        )
        for result in results:
            ratio = result.rps / static_rps if static_rps else 0
            timing = renders.get(result.target.page)
            rendered = (
                f" {timing['median_ms']:10.1f} {timing['p95_ms']:7.1f} {timing['queries']:7d}"
                if timing
                else ""
            )
            log(
                f"{result.target.name:38} {result.rps:8.0f} {result.p50_ms:8.1f} {result.p99_ms:8.1f} "
                f"{result.errors:7d} {ratio:9.2f}{rendered}"
            )
        for page in PAY_PAGES:
            timing = renders.get(page["name"])
            if timing:
                log(
                    f"{page['name']:38} {'':>8} {'':>8} {'':>8} {'':>7} {'':>9}"
                    f" {timing['median_ms']:10.1f} {timing['p95_ms']:7.1f} {timing['queries']:7d}"
                )
        if renders:
            log(
                f"render ms, p95 ms, queries: in-process (Django test client, page cache off, "
                f"{args.render_runs} renders per page type after warm-up; median and 95th percentile); "
                "the pay pages are measured in-process only"
            )
        log("")
        log(
            f"{'transfer, first visit (brotli)':38} {'HTML raw':>9} {'HTML br':>8} {'CSS br':>8} {'JS br':>7} {'total':>8}"
        )
        pages = {
            "flagship article": urls["article"],
            "article index": "/guides/",
            "finder results": finder_paths(urls["pathways"])[0],
            "program page": urls["program"],
            "search": SEARCH_PATHS[0],
            "home": "/",
        }
        flagship_total = 0
        for name, path in pages.items():
            raw, html, css, js = transfer_sizes(base, path)
            total = html + css + js
            flagship_total = flagship_total or total
            log(f"{name:38} {raw:9d} {html:8d} {css:8d} {js:7d} {total / 1024:6.1f} KB")

        log("")
        by_name = {r.target.name: r for r in results}
        checks = [
            (
                "cached article >= 0.8 x static",
                by_name["flagship article"].rps >= 0.8 * static_rps,
            ),
            (
                "uncached finder p99 <= 50 ms",
                by_name["finder results, every URL new"].p99_ms <= 50,
            ),
            (
                "uncached flagship article >= 0.12 x static",
                by_name["uncached flagship article"].rps >= 0.12 * static_rps,
            ),
            (
                "uncached search p99 <= 150 ms",
                by_name["search, every URL new"].p99_ms <= 150,
            ),
            ("zero errors", all(r.errors == 0 for r in results)),
            ("flagship transfer <= 50 KB", flagship_total <= 50 * 1024),
        ]
        for label, ok in checks:
            log(f"  {'PASS' if ok else 'MISS'}  {label}")
    finally:
        stop_server(server)
    return 0
