"""In-process render times for `make bench`: the service time of a page, without wrk's queue.

    python -m tests.perf.bench.render --runs 60 < targets.json            # JSON results on stdout
    python -m tests.perf.bench.render --profile "flagship article" < targets.json

Run with the benchmark environment and DJANGO_PAGE_CACHE=0 (the harness does both). `targets.json`
is a list of {"name": ..., "paths": [...]}. Each page goes through the whole middleware stack
(Django's test client, so no socket and no gunicorn), after a warm-up; rounds interleave the page
types so a burst of load elsewhere on the machine spreads over all of them. A page type with
several paths rotates through them, and every request of a page type counts its SQL queries.
`--profile` runs one page type under cProfile and prints the functions with the most own time,
the most cumulative time, and the project's own functions by cumulative time.
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import time

import django

WARM_UP = 3


def _client():
    from django.test import Client

    # A browser's request; the page cache is off, so nothing is compressed in-process.
    return Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="br, gzip")


def _get(client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")


def render_times(targets: list[dict], *, runs: int) -> dict[str, dict]:
    """{name: {"median_ms", "p95_ms", "queries"}} over `runs` requests per page type."""
    from django.db import connection

    client = _client()
    for target in targets:
        for path in target["paths"] * WARM_UP:
            _get(client, path)
    samples = {target["name"]: [] for target in targets}
    queries = {target["name"]: 0 for target in targets}
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        for n in range(runs):
            for target in targets:
                path = target["paths"][n % len(target["paths"])]
                executed.clear()
                started = time.perf_counter()
                _get(client, path)
                samples[target["name"]].append(time.perf_counter() - started)
                queries[target["name"]] = max(queries[target["name"]], len(executed))
    results = {}
    for name, times in samples.items():
        ordered = sorted(times)
        results[name] = {
            "median_ms": statistics.median(ordered) * 1000,
            "p95_ms": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            * 1000,
            "queries": queries[name],
            "runs": len(ordered),
        }
    return results


def profile(target: dict, *, runs: int, top: int = 25) -> None:
    client = _client()
    for path in target["paths"] * WARM_UP:
        _get(client, path)
    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(runs):
        _get(client, target["paths"][n % len(target["paths"])])
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    sys.stdout.write(f"{target['name']}: {runs} requests under cProfile\n")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    # The project's own functions (and templates' tags and filters), where a change of ours would show.
    from django.conf import settings

    own = "|".join(
        f"{settings.BASE_DIR}/{app}/" for app in ("articles", "schools", "careersite")
    )
    stats.sort_stats("cumulative").print_stats(own, top)


def measure(env: dict[str, str], targets: list[dict], *, runs: int, profile: str = ""):
    """Run this module with the benchmark environment and the page cache off; the results, or None
    after printing a profile."""
    from tests.perf.bench.database import BASE_DIR, PYTHON

    command = [PYTHON, "-m", "tests.perf.bench.render", "--runs", str(runs)]
    if profile:
        command += ["--profile", profile]
    done = subprocess.run(
        command,
        cwd=BASE_DIR,
        env={**env, "DJANGO_PAGE_CACHE": "0"},
        input=json.dumps(targets),
        text=True,
        check=True,
        capture_output=not profile,
    )
    return None if profile else json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--profile", metavar="PAGE TYPE", default="")
    args = parser.parse_args(argv)
    targets = json.load(sys.stdin)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careersite.settings")
    django.setup()
    if args.profile:
        chosen = [t for t in targets if t["name"] == args.profile]
        if not chosen:
            names = ", ".join(t["name"] for t in targets)
            raise SystemExit(f"no page type {args.profile!r}; one of: {names}")
        profile(chosen[0], runs=args.runs)
    else:
        sys.stdout.write(json.dumps(render_times(targets, runs=args.runs)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
