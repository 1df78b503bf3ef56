"""Production-like gunicorn servers on loopback ports, for `make bench` and the two-instance test.

Not a test module: the harness (tests/perf/bench/harness.py) and tests/perf/test_two_instances.py start servers
with these helpers, so both serve the site the way a deployment does (DJANGO_ENV=production, DEBUG off) over
plain HTTP on 127.0.0.1.
"""

import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


class ServerDidNotStart(RuntimeError):
    pass


def production_environment(*, port: int, data_dir: Path) -> dict[str, str]:
    """The process environment of a production instance reached over plain HTTP on 127.0.0.1:`port`."""
    env = dict(os.environ)
    env.update(
        DJANGO_DATA_DIR=str(data_dir),
        DJANGO_ENV="production",
        DJANGO_DEBUG="0",
        # No TLS-terminating proxy in front: no redirect to https.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_LEVEL="ERROR",
        DJANGO_PAGE_CACHE="1",
        # The benchmarks ask for pages as fast as they can from one address; tests of the limit set their own.
        DJANGO_RATE_LIMIT="0",
        SITE_URL=f"http://127.0.0.1:{port}",
    )
    return env


# Management commands in sequence, in one interpreter: Django starts once rather than once per command.
CALL_COMMANDS = """
import json, sys
import django
django.setup()
from django.core.management import call_command
for command in json.loads(sys.argv[1]):
    call_command(*command)
"""


def manage(env: dict[str, str], *commands: list[str], timeout: float = 120) -> str:
    """Run management commands (each a list such as ["migrate", "--no-input"]) one after the other in a fresh
    interpreter with `env`; their output, or an error that includes it."""
    return _django_script(
        env,
        CALL_COMMANDS,
        json.dumps(commands),
        what=f"manage.py {commands}",
        timeout=timeout,
    )


CALL_FUNCTION = """
import json, sys
import django
django.setup()
from django.utils.module_loading import import_string
print("RESULT " + json.dumps(import_string(sys.argv[1])()))
"""


def django_call(env: dict[str, str], function: str, timeout: float = 120):
    """Call `function` (a dotted path; no arguments, a JSON-able result) in a fresh interpreter with `env`, as a
    management command would run on a server: its result."""
    out = _django_script(env, CALL_FUNCTION, function, what=function, timeout=timeout)
    return json.loads(out.rsplit("RESULT ", 1)[1])


def _django_script(
    env: dict[str, str], script: str, argument: str, *, what: str, timeout: float
) -> str:
    result = subprocess.run(
        [PYTHON, "-c", script, argument],
        cwd=BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "careersite.settings", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise RuntimeError(
            f"{what} failed ({result.returncode}):\n"
            f"{result.stdout[-2000:]}{result.stderr[-4000:]}"
        )
    return result.stdout


def collect_static_if_stale(env: dict[str, str]) -> None:
    """Run collectstatic when staticfiles/ is missing or older than a file in static/ (as `make` decides):
    production settings render pages with the manifest of hashed names."""
    manifest = BASE_DIR / "staticfiles" / "staticfiles.json"
    manifest.parent.mkdir(exist_ok=True)
    # pytest-xdist workers may get here at once: one collects, the others then find it done.
    with open(manifest.with_name(".collect.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sources = (path for path in (BASE_DIR / "static").rglob("*") if path.is_file())
        newest = max((path.stat().st_mtime for path in sources), default=0)
        if not manifest.exists() or manifest.stat().st_mtime < newest:
            manage(env, ["collectstatic", "--no-input", "-v", "0"], timeout=300)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(
    url: str,
    encoding: str = "identity",
    timeout: float = 10,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes, dict[str, str]]:
    """(status, body, headers) of an anonymous GET: no cookies, as a reader's first visit."""
    request = urllib.request.Request(
        url, headers={"Accept-Encoding": encoding, **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def start_gunicorn(
    env: dict[str, str],
    *,
    port: int,
    workers: int,
    log_file: Path,
    wait: float = 30,
) -> subprocess.Popen:
    """Start gunicorn (sync workers) on 127.0.0.1:`port` and return once /healthz answers 200."""
    server = launch_gunicorn(env, port=port, workers=workers, log_file=log_file)
    wait_until_serving(server, port=port, log_file=log_file, wait=wait)
    return server


def launch_gunicorn(
    env: dict[str, str],
    *,
    port: int,
    workers: int,
    log_file: Path,
    app: str = "careersite.wsgi:application",
) -> subprocess.Popen:
    """Start gunicorn without waiting for it (several servers then boot side by side)."""
    command = [
        GUNICORN,
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--error-logfile",
        str(log_file),
    ]
    # Its own process group, so stopping it never signals the caller's.
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)


def wait_until_serving(
    server: subprocess.Popen, *, port: int, log_file: Path, wait: float = 30
) -> None:
    """Return once /healthz answers 200; stop the server and raise if it exits or `wait` seconds pass."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if fetch(f"http://127.0.0.1:{port}/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    try:
        tail = "\n".join(log_file.read_text().splitlines()[-20:])
    except OSError:
        tail = "(no log)"
    raise ServerDidNotStart(
        f"gunicorn on port {port} did not start; {log_file} ends with:\n{tail}"
    )


def stop_server(server: subprocess.Popen, wait: float = 15) -> None:
    """SIGTERM (gunicorn's graceful stop), then SIGKILL if it has not exited after `wait` seconds."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        # The master and its workers: the group start_gunicorn gave them.
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


def needs_postgres_and_redis():
    """The skip mark of the tests that run servers on PostgreSQL and Redis (.ci/run's last step)."""
    import pytest

    database_url = os.environ.get("DATABASE_URL", "")
    return pytest.mark.skipif(
        not (
            database_url.startswith(("postgres://", "postgresql://"))
            and os.environ.get("REDIS_URL")
        ),
        reason="needs PostgreSQL and Redis (DATABASE_URL=postgres://... REDIS_URL=redis://...)",
    )


def own_database_url(url: str, purpose: str) -> str:
    """A PostgreSQL URL like `url` naming a new database of its own, for one test module's servers."""
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'careersite'}_{purpose}_{secrets.token_hex(4)}"
    return urlunsplit(parts._replace(path="/" + name[-63:]))


def server_database(url: str, statement: str) -> None:
    """Run `statement` ("CREATE DATABASE {}", "DROP DATABASE ...") for the database `url` names."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(name)))
