"""Real faults for the fault tests (tests/perf/test_*_outage.py, test_reload_under_load.py); not a test module.

- `RedisServer`: a redis-server of the test's own on a free loopback port, without persistence, that the test
  kills and starts again (the machine's shared Redis is never touched);
- `TcpForwarder`: a loopback TCP forwarder to another server (PostgreSQL) that the test cuts (every connection it
  carries is dropped and new ones are refused) and restores on the same port;
- `running_site`: a production-like gunicorn on its own PostgreSQL database, built and dropped around the test;
- `worker_pids`: the worker processes of a gunicorn master, read from /proc.
"""

import asyncio
import contextlib
import secrets
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.perf.servers import (
    collect_static_if_stale,
    fetch,
    free_port,
    launch_gunicorn,
    manage,
    own_database_url,
    production_environment,
    server_database,
    stop_server,
    wait_until_serving,
)

EDITOR = "fault-editor"


class RedisServer:
    """A redis-server on 127.0.0.1:`port` (free unless given), working in `directory`, keeping nothing on disk."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, wait: float = 10) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            start_new_session=True,
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and self.process.poll() is None:
            if self.answers():
                return
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def answers(self) -> bool:
        import redis

        try:
            return redis.Redis(port=self.port, socket_timeout=1).ping()
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """SIGKILL, as a crash or an out-of-memory kill would stop it: no goodbye to its clients."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class TcpForwarder:
    """127.0.0.1:`port` → `target`, one upstream connection per client connection, in a thread of its own."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._transports: set[asyncio.Transport] = set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="tcp-forwarder", daemon=True
        )
        self._thread.start()

    def restore(self) -> None:
        """Listen (again) on the same port."""
        self._run(self._listen())

    def cut(self) -> None:
        """Stop listening (a new connection is refused) and drop every connection carried so far."""
        self._run(self._cut())

    def close(self) -> None:
        if self._server is not None:
            self.cut()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def _run(self, coroutine) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)

    async def _listen(self) -> None:
        # start_server sets SO_REUSEADDR: the port is free again at once after a cut.
        self._server = await asyncio.start_server(self._carry, "127.0.0.1", self.port)

    async def _cut(self) -> None:
        self._server.close()
        await self._server.wait_closed()
        self._server = None
        for transport in list(self._transports):
            # abort(): a reset, not a polite close; the client finds out on its next read or write.
            transport.abort()
        self._transports.clear()

    async def _carry(self, reader, writer) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                *self.target
            )
        except OSError:
            writer.transport.abort()
            return
        self.connections += 1
        pair = {writer.transport, upstream_writer.transport}
        self._transports |= pair
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )
        self._transports -= pair

    @staticmethod
    async def _pipe(reader, writer) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            # One side has gone: the other goes too, as with a direct connection.
            writer.transport.abort()


def worker_pids(master_pid: int) -> set[int]:
    """The PIDs of the processes whose parent is `master_pid` (a gunicorn master's workers)."""
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # The command name, in parentheses, may hold spaces: the fields after it are plain.
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master_pid:
                pids.add(int(stat.parent.name))
    return pids


@dataclass
class Site:
    port: int
    env: dict[str, str]
    database_url: str
    password: str
    log_file: Path
    process: subprocess.Popen

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, **kwargs) -> tuple[int, bytes, dict[str, str]]:
        """An anonymous reader's GET: (status, body, headers)."""
        return fetch(self.base + path, **{"timeout": 30, **kwargs})

    def sql(self, query: str, *params) -> list[tuple]:
        """Run SQL on the site's database directly (not through whatever the server reaches it by)."""
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []


def with_address(url: str, host: str, port: int) -> str:
    """`url` (postgres://user@host:port/name) with another host and port."""
    parts = urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=f"{user}{host}:{port}"))


@contextlib.contextmanager
def running_site(
    tmp: Path,
    *,
    database_url: str,
    redis_url: str,
    purpose: str,
    workers: int = 2,
    served_database_url=lambda url: url,
    env: dict[str, str] | None = None,
) -> Iterator[Site]:
    """A production-like gunicorn (`workers` sync workers) on a new database named after `database_url`, migrated,
    seeded and with a superuser (EDITOR, password in Site.password). The server reaches the database at
    `served_database_url(url)`. Stopped, its Redis keys deleted and its database dropped afterwards."""
    own_url = own_database_url(database_url, purpose)
    port = free_port()
    site_env = production_environment(port=port, data_dir=tmp)
    site_env.update(
        DATABASE_URL=own_url,
        REDIS_URL=redis_url,
        DJANGO_CACHE_KEY_PREFIX=f"careersite-{purpose}-{secrets.token_hex(4)}",
        DJANGO_RELEASE=f"{purpose}-{secrets.token_hex(4)}",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        # Plain HTTP: a client sends Secure cookies over HTTPS only.
        DJANGO_SECURE_COOKIES="0",
        **(env or {}),
    )
    password = secrets.token_urlsafe(18)
    log_file = tmp / f"gunicorn-{purpose}.log"
    server_database(own_url, "CREATE DATABASE {}")
    process = None
    try:
        collect_static_if_stale(site_env)
        manage(
            {
                **site_env,
                "DJANGO_SUPERUSER_USERNAME": EDITOR,
                "DJANGO_SUPERUSER_EMAIL": "editor@example.org",
                "DJANGO_SUPERUSER_PASSWORD": password,
            },
            ["migrate", "--no-input", "-v", "0"],
            ["seed_content"],
            ["createsuperuser", "--no-input"],
        )
        served_env = {**site_env, "DATABASE_URL": served_database_url(own_url)}
        process = launch_gunicorn(
            served_env, port=port, workers=workers, log_file=log_file
        )
        wait_until_serving(process, port=port, log_file=log_file)
        yield Site(port, site_env, own_url, password, log_file, process)
    finally:
        if process is not None:
            stop_server(process)
        forget_keys(redis_url, site_env["DJANGO_CACHE_KEY_PREFIX"])
        server_database(own_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def forget_keys(redis_url: str, prefix: str) -> None:
    import redis

    with contextlib.suppress(redis.RedisError):
        client = redis.Redis.from_url(redis_url, socket_timeout=2)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
