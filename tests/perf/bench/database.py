"""The benchmark database: never the dev one, built once and rebuilt by recreating it.

SQLite: `var/bench/db.sqlite3`. PostgreSQL (when DATABASE_URL is set): a database named
`<name>_bench` on the same server. A marker file records what the database was built with; when
it is missing, out of date or `--rebuild` is given, the database is dropped, created empty and
filled by `python -m tests.perf.bench.prepare build`.
"""

import json
import re
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

from tests.perf.servers import BASE_DIR, PYTHON

BENCH_DIR = BASE_DIR / "var" / "bench"
SQLITE_PATH = BENCH_DIR / "db.sqlite3"


def log(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def bench_database_url(url: str) -> str:
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "careersite"
    if not name.endswith("_bench"):
        name += "_bench"
    return urlunsplit(parts._replace(path="/" + name))


def _postgres(url: str):
    """(server connection URL, database name) for a benchmark database URL."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.endswith("_bench"):
        raise SystemExit(f"{name} is not a benchmark database")
    return urlunsplit(parts._replace(path="/postgres")), name


def postgres_database_exists(url: str) -> bool:
    import psycopg

    server, name = _postgres(url)
    with psycopg.connect(server, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


def postgres_database_recreate(url: str) -> None:
    import psycopg
    from psycopg import sql

    server, name = _postgres(url)
    with psycopg.connect(server, autocommit=True) as conn:
        log(f"Creating PostgreSQL database {name}")
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, *args], cwd=BASE_DIR, env=env, check=True)


def manage(env: dict[str, str], *args: str) -> None:
    run(env, "manage.py", *args)


def build(env: dict[str, str], *, articles: int, programs: int, rebuild: bool) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url = env.get("DATABASE_URL", "")
    database = url or "sqlite"
    marker = BENCH_DIR / (
        "built-" + re.sub(r"[^a-z0-9]+", "-", database.lower()) + ".json"
    )
    wanted = {"articles": articles, "programs": programs, "database": database}
    exists = postgres_database_exists(url) if url else SQLITE_PATH.exists()
    current = exists and marker.exists() and json.loads(marker.read_text()) == wanted
    if current and not rebuild:
        log(
            f"Benchmark database is up to date ({articles} synthetic articles, {programs} synthetic programs)"
        )
        run(env, "-m", "tests.perf.bench.prepare", "migrate")
        return
    started = time.perf_counter()
    marker.unlink(missing_ok=True)
    if url:
        postgres_database_recreate(url)
    else:
        # With its write-ahead log and shared-memory files (settings turn WAL on).
        for suffix in ("", "-wal", "-shm"):
            SQLITE_PATH.with_name(SQLITE_PATH.name + suffix).unlink(missing_ok=True)
    run(
        env,
        "-m",
        "tests.perf.bench.prepare",
        "build",
        "--articles",
        str(articles),
        "--programs",
        str(programs),
    )
    marker.write_text(json.dumps(wanted))
    log(f"Built the benchmark database in {time.perf_counter() - started:.0f} s")


def page_urls(env: dict[str, str]) -> dict:
    """Ask the benchmark database (through Django, as the server would) for the URLs to measure."""
    out = subprocess.run(
        [PYTHON, "-m", "tests.perf.bench.prepare", "urls"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])
