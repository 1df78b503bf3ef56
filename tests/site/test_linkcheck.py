"""check_links and its services against a local HTTP server started here: nothing leaves the machine.

Every test in this module runs behind a guard that refuses (and records) any connection or DNS
lookup that is not for this machine; addresses under .invalid fail their lookup without asking
any resolver, as a dead domain would.
"""

import ipaddress
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.core.management import call_command

from careersite.linkcheck import services
from careersite.linkcheck.models import LinkCheck
from tests.factories import make_article, make_fact, make_program, make_source

TIMEOUT = 0.5
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_local(name: str) -> bool:
    return name in LOCAL_HOSTS or (
        _is_ip(name) and ipaddress.ip_address(name).is_loopback
    )


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch):
    """Fail the test if anything tries to reach beyond this machine."""
    attempts = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name is None or name in LOCAL_HOSTS or _is_ip(name):
            # Nothing to look up: the connection itself is guarded below.
            return real_getaddrinfo(host, *args, **kwargs)
        if name.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        attempts.append(f"lookup of {name}")
        raise socket.gaierror(socket.EAI_NONAME, "blocked in tests")

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(
            address[0]
        ):
            attempts.append(f"connection to {address}")
            raise ConnectionRefusedError("blocked in tests")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    yield attempts
    assert not attempts, f"the test tried to leave the machine: {attempts}"


class _Handler(BaseHTTPRequestHandler):
    requests_seen: list = []

    def _answer(self, method: str):
        self.requests_seen.append((method, self.path, self.headers.get("User-Agent")))
        path = self.path
        if path == "/slow":
            time.sleep(TIMEOUT * 4)
        status, location = {
            "/ok": (200, None),
            "/slow": (200, None),
            "/missing": (404, None),
            "/forbidden": (403, None),
            "/moved": (301, "/ok"),
            "/moved-to-missing": (302, "/missing"),
            "/loop": (302, "/loop"),
            "/no-head": (405 if method == "HEAD" else 200, None),
        }.get(path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self._answer("HEAD")

    def do_GET(self):
        self._answer("GET")

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def seen():
    _Handler.requests_seen = []
    return _Handler.requests_seen


@pytest.fixture
def refused_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens there any more: connecting is refused at once.
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def session():
    with services.new_session() as session:
        yield session


@pytest.mark.parametrize(
    ("path", "ok", "status", "error", "final_path"),
    [
        ("/ok", True, 200, "", "/ok"),
        ("/missing", False, 404, "not found", "/missing"),
        ("/moved", True, 200, "", "/ok"),
        ("/moved-to-missing", False, 404, "not found", "/missing"),
        ("/forbidden", False, 403, "refused an automated check", "/forbidden"),
        ("/no-head", True, 200, "", "/no-head"),
        ("/slow", False, None, f"timed out after {TIMEOUT:g} s", None),
        ("/loop", False, None, "too many redirects", None),
    ],
)
def test_check_url_answers(server, session, path, ok, status, error, final_path):
    result = services.check_url(server + path, session=session, timeout=TIMEOUT)
    assert (result.ok, result.status_code) == (ok, status)
    assert error in result.error and bool(result.error) is not ok
    assert result.final_url == (server + final_path if final_path else "")
    assert result.elapsed_ms is not None


@pytest.mark.parametrize(
    ("make_url", "error"),
    [
        (lambda server, refused: refused, "connection refused"),
        (
            lambda server, refused: "http://no-such-host.invalid/page",
            "host not found (DNS)",
        ),
        # TLS spoken to a plain-HTTP server: the handshake fails as with a broken certificate.
        (lambda server, refused: server.replace("http:", "https:") + "/ok", "TLS"),
        (
            lambda server, refused: "ftp://example.invalid/file",
            "not a valid web address",
        ),
        (lambda server, refused: "not a url", "not a valid web address"),
        (lambda server, refused: "http://[::1/", "not a valid web address"),
        (lambda server, refused: "http://exa mple.invalid/", "not a valid web address"),
    ],
)
def test_dead_hosts_are_results_with_a_reason(
    server, session, refused_url, make_url, error
):
    url = make_url(server, refused_url)
    result = services.check_url(url, session=session, timeout=TIMEOUT)
    assert not result.ok and result.status_code is None
    assert error in result.error


def test_head_first_then_get_when_head_is_refused_with_a_real_user_agent(
    server, session, seen
):
    services.check_url(server + "/no-head", session=session, timeout=TIMEOUT)
    services.check_url(server + "/ok", session=session, timeout=TIMEOUT)
    assert [(method, path) for method, path, _ in seen] == [
        ("HEAD", "/no-head"),
        ("GET", "/no-head"),
        ("HEAD", "/ok"),
    ]
    assert {agent for *_, agent in seen} == {services.user_agent()}


def test_the_user_agent_names_the_site(settings):
    settings.SITE_URL = "https://careers.example.org"
    assert services.user_agent() == (
        "careersite-linkcheck/1.0 (+https://careers.example.org/about/)"
    )


def test_the_guard_refuses_addresses_outside_the_machine(no_outside_network):
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.org", 443)
    assert no_outside_network == [
        "connection to ('192.0.2.1', 80)",
        "lookup of example.org",
    ]
    no_outside_network.clear()


class FakeClock:
    def __init__(self):
        self.now = 100.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.mark.parametrize(
    ("hosts", "per_second", "host_delay", "sleeps"),
    [
        # The global rate alone: 4 a second means 0.25 s between requests.
        (["a", "b", "c"], 4, 0, [0.25, 0.25]),
        # The same host waits its delay; another host only the global interval.
        (["a", "a"], 4, 1.0, [1.0]),
        (["a", "b", "a"], 4, 1.0, [0.25, 0.75]),
        (["a", "b", "c", "a"], 10, 0.5, [0.1, 0.1, 0.3]),
    ],
)
def test_rate_limit_spaces_requests_overall_and_per_host(
    hosts, per_second, host_delay, sleeps
):
    clock = FakeClock()
    limit = services.RateLimit(
        per_second=per_second, host_delay=host_delay, clock=clock, sleep=clock.sleep
    )
    for host in hosts:
        limit.wait(host)
    assert clock.sleeps == sleeps


@pytest.mark.parametrize(
    ("urls", "ordered"),
    [
        ([], []),
        (
            ["http://a/1", "http://a/2", "http://b/1"],
            ["http://a/1", "http://b/1", "http://a/2"],
        ),
        (
            ["http://a/1", "http://a/2", "http://a/3", "http://B/1", "http://c/1"],
            ["http://a/1", "http://B/1", "http://c/1", "http://a/2", "http://a/3"],
        ),
    ],
)
def test_urls_interleave_hosts(urls, ordered):
    assert services.urls_interleave_hosts(urls) == ordered


@pytest.mark.django_db
def test_collect_urls_takes_every_source_fact_and_program_address_once():
    article = make_article()
    make_source(article, url="https://example.org/report")
    make_source(article, url="https://example.org/shared")
    make_fact(source_url="https://www.bls.gov/ooh/")
    make_program(
        source_url="https://example.org/shared",
        program_url="https://college.example.edu/him",
        tuition_source_url="https://college.example.edu/tuition",
    )
    make_program(source_url="https://example.org/shared", program_url="")
    assert services.collect_urls() == [
        "https://college.example.edu/him",
        "https://college.example.edu/tuition",
        "https://example.org/report",
        "https://example.org/shared",
        "https://www.bls.gov/ooh/",
    ]


def _no_wait_limit():
    return services.RateLimit(per_second=1000, host_delay=0, sleep=lambda s: None)


@pytest.mark.django_db
def test_check_all_stores_every_result_and_survives_dead_hosts(server, refused_url):
    urls = [
        server + "/ok",
        server + "/moved",
        server + "/missing",
        server + "/slow",
        refused_url,
    ]
    shown = []

    def progress(items):
        shown.extend(items)
        return iter(items)

    report = services.check_all(
        urls, timeout=TIMEOUT, progress=progress, limit=_no_wait_limit()
    )
    assert (report.checked, report.ok, report.failed) == (5, 2, 3)
    assert sorted(shown) == sorted(urls)
    checks = {check.url: check for check in LinkCheck.objects.all()}
    assert checks[server + "/moved"].final_url == server + "/ok"
    assert checks[server + "/moved"].redirected
    assert checks[server + "/missing"].outcome == "404: not found"
    assert checks[server + "/slow"].error.startswith("timed out")
    assert checks[refused_url].error == "connection refused"
    assert all(check.checked_at for check in checks.values())


@pytest.mark.django_db
def test_check_all_updates_an_earlier_result(server):
    LinkCheck.objects.create(
        url=server + "/ok",
        ok=False,
        error="connection refused",
        checked_at="2026-01-01T00:00Z",
    )
    services.check_all([server + "/ok"], timeout=TIMEOUT, limit=_no_wait_limit())
    check = LinkCheck.objects.get()
    assert (check.ok, check.status_code, check.error) == (True, 200, "")


@pytest.mark.django_db
def test_check_links_command_checks_the_content_and_drops_results_no_longer_linked(
    server, refused_url, capsys
):
    article = make_article()
    make_source(article, url=server + "/ok")
    make_source(article, url=server + "/missing")
    make_program(source_url=server + "/moved", program_url=refused_url)
    LinkCheck.objects.create(
        url=server + "/gone-from-content", ok=False, checked_at="2026-01-01T00:00Z"
    )
    call_command(
        "check_links",
        "--timeout",
        str(TIMEOUT),
        "--rate",
        "1000",
        "--host-delay",
        "0",
        "--no-progress",
    )
    out = capsys.readouterr().out
    assert "4 addresses checked: 2 fine, 2 failed. Removed 1 result(s)" in out
    assert dict(LinkCheck.objects.values_list("url", "ok")) == {
        server + "/ok": True,
        server + "/missing": False,
        server + "/moved": True,
        refused_url: False,
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [(["--timeout", "0"], "positive"), (["--rate", "-1"], "positive")],
)
@pytest.mark.django_db
def test_check_links_refuses_nonsense_options(options, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("check_links", *options)


def test_failure_reason_for_an_unknown_request_error():
    assert (
        services.failure_reason(requests.exceptions.ChunkedEncodingError(), timeout=1)
        == "request failed (ChunkedEncodingError)"
    )
