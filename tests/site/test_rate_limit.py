"""The per-client allowance of renders on the pages that render from a reader's input (careersite/ratelimits.py)."""

import itertools

import pytest
import time_machine
from django.core.cache import caches
from django.urls import reverse

from tests.factories import make_staff

ALLOWANCE = 5
LIMITED = [
    "schools:results",
    "search",
    "schools:name-search",
    "schools:compare",
    "schools:shortlist",
    "careers:pay-zip",
    "careers:pay-compare",
]
_unique = itertools.count()


@pytest.fixture(autouse=True)
def limited(settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATE_LIMIT = f"{ALLOWANCE}/m"
    settings.BEHIND_PROXY = False
    # A fixed clock: no count window ends halfway through a test.
    with time_machine.travel("2026-03-02 12:00:00 +0000", tick=False) as clock:
        yield clock


def fresh(name: str = "search") -> str:
    """An address no one has asked for: the page cache cannot answer it."""
    return f"{reverse(name)}?q=coding&n={next(_unique)}"


def assert_friendly_429(response):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Please slow down" in html and "try again in" in html
    assert "Traceback" not in html and "Ratelimited" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", LIMITED)
def test_past_its_allowance_a_client_gets_a_friendly_429(client, name):
    for _ in range(ALLOWANCE):
        assert client.get(fresh(name)).status_code != 429
    assert_friendly_429(client.get(fresh(name)))


@pytest.mark.django_db
def test_one_allowance_covers_every_limited_page(client):
    for name in LIMITED[:ALLOWANCE]:
        assert client.get(fresh(name)).status_code != 429
    assert_friendly_429(client.get(fresh(LIMITED[-1])))


@pytest.mark.django_db
def test_pages_served_from_the_page_cache_cost_nothing(client):
    cached = fresh()
    assert client.get(cached).status_code == 200
    for _ in range(50):
        hit = client.get(cached)
        assert hit.status_code == 200
    for _ in range(ALLOWANCE - 1):
        assert client.get(fresh()).status_code == 200
    assert_friendly_429(client.get(fresh()))
    # Limited, the client still reads what the cache holds.
    assert client.get(cached).status_code == 200


@pytest.mark.django_db
def test_the_429_is_never_stored_and_the_allowance_comes_back(client, limited):
    for _ in range(ALLOWANCE):
        client.get(fresh())
    waited = fresh()
    refused = client.get(waited)
    assert_friendly_429(refused)
    limited.shift(int(refused["Retry-After"]) + 1)
    again = client.get(waited)
    assert again.status_code == 200
    assert "Please slow down" not in again.content.decode()


@pytest.mark.django_db
def test_other_clients_keep_their_own_allowance(client):
    for _ in range(ALLOWANCE + 1):
        client.get(fresh())
    assert_friendly_429(client.get(fresh()))
    assert client.get(fresh(), REMOTE_ADDR="198.51.100.9").status_code == 200


@pytest.mark.django_db
def test_signed_in_staff_are_exempt(client):
    client.force_login(make_staff())
    for _ in range(ALLOWANCE * 3):
        assert client.get(fresh()).status_code == 200


@pytest.mark.django_db
def test_a_signed_in_reader_who_is_not_staff_is_counted(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    for _ in range(ALLOWANCE):
        assert client.get(fresh()).status_code == 200
    assert_friendly_429(client.get(fresh()))


@pytest.mark.django_db
def test_behind_a_proxy_a_spoofed_forwarded_for_does_not_reset_the_count(
    client, settings
):
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 1
    for n in range(ALLOWANCE):
        spoofed = f"10.9.{n}.1, 203.0.113.7"
        response = client.get(fresh(), HTTP_X_FORWARDED_FOR=spoofed)
        assert response.status_code == 200
    assert_friendly_429(
        client.get(fresh(), HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.7")
    )
    assert_friendly_429(client.get(fresh(), HTTP_X_FORWARDED_FOR="203.0.113.7"))
    # Another reader behind the same proxy (same REMOTE_ADDR) is served.
    other = client.get(fresh(), HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 200


@pytest.mark.django_db
def test_ipv6_clients_count_by_their_64_network(client, settings):
    settings.BEHIND_PROXY = True
    for n in range(ALLOWANCE):
        assert (
            client.get(fresh(), HTTP_X_FORWARDED_FOR=f"2001:db8:1:2::{n + 1}")
        ).status_code == 200
    assert_friendly_429(client.get(fresh(), HTTP_X_FORWARDED_FOR="2001:db8:1:2::ff"))


@pytest.mark.django_db
@pytest.mark.parametrize("off", ["0", "off"])
def test_the_limit_can_be_turned_off(client, settings, off):
    settings.RATE_LIMIT = off
    for _ in range(ALLOWANCE * 3):
        assert client.get(fresh()).status_code == 200


@pytest.mark.django_db
def test_pages_not_limited_are_never_counted(client):
    for _ in range(ALLOWANCE * 3):
        assert (
            client.get(f"{reverse('schools:finder')}?n={next(_unique)}").status_code
            == 200
        )
    assert client.get(fresh()).status_code == 200


@pytest.mark.django_db
def test_with_the_count_unreachable_pages_are_served(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Connection refused")

    monkeypatch.setattr(caches["ratelimit"], "add", refuse)
    for _ in range(ALLOWANCE * 2):
        assert client.get(fresh()).status_code == 200


@pytest.mark.django_db
def test_a_refused_client_is_logged_once_not_per_request(client, caplog):
    caplog.set_level("INFO")
    for _ in range(ALLOWANCE + 10):
        client.get(fresh())
    limit_lines = [r for r in caplog.records if r.name == "careersite.ratelimits"]
    assert len(limit_lines) == 1
    assert "127.0.0.1" in limit_lines[0].getMessage()
    assert not [r for r in caplog.records if r.name == "django.request"]


# A refused client's further requests are answered by RefusedClientsMiddleware, before sessions and the count.


def refuse(client, **extra):
    for _ in range(ALLOWANCE):
        assert client.get(fresh(), **extra).status_code == 200
    assert_friendly_429(client.get(fresh(), **extra))


def forbid_the_count(monkeypatch):
    """From here on, asking the shared count fails the test: an answer must come from the early refusal."""

    def counted(*args, **kwargs):
        raise AssertionError("the shared count was consulted")

    monkeypatch.setattr("careersite.ratelimits.get_usage", counted)


@pytest.mark.django_db
@pytest.mark.parametrize("name", LIMITED)
def test_once_refused_a_client_is_answered_without_queries_or_the_count(
    client, name, django_assert_num_queries, monkeypatch
):
    refuse(client)
    forbid_the_count(monkeypatch)
    with django_assert_num_queries(0):
        response = client.get(fresh(name))
    assert_friendly_429(response)
    # The headers the inner middleware would have set are there.
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_once_refused_a_client_still_reads_pages_that_are_not_limited(client):
    refuse(client)
    assert client.get(reverse("schools:finder")).status_code == 200
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_the_early_answer_ends_with_the_count_window(client, limited):
    refuse(client)
    refused = client.get(fresh())
    assert_friendly_429(refused)
    limited.shift(int(refused["Retry-After"]) + 1)
    assert client.get(fresh()).status_code == 200


@pytest.mark.django_db
def test_a_request_with_a_session_goes_the_whole_way(client):
    refuse(client)
    client.force_login(make_staff())
    # The same address, signed in as staff: exempt, so served.
    assert client.get(fresh()).status_code == 200


@pytest.mark.django_db
def test_refusals_are_remembered_per_client(client, settings):
    settings.BEHIND_PROXY = True
    refuse(client, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client.get(fresh(), HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200
    # A spoofed entry on the left does not escape the early answer either.
    spoofed = client.get(fresh(), HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.7")
    assert_friendly_429(spoofed)


@pytest.mark.django_db
def test_an_ipv6_client_rotating_inside_its_64_is_answered_early(
    client, settings, monkeypatch
):
    settings.BEHIND_PROXY = True
    refuse(client, HTTP_X_FORWARDED_FOR="2001:db8:1:2::1")
    forbid_the_count(monkeypatch)
    # Another address in the same /64: the process already knows the count refused that network.
    assert_friendly_429(client.get(fresh(), HTTP_X_FORWARDED_FOR="2001:db8:1:2::beef"))
    monkeypatch.undo()
    # The next /64 is another client.
    assert (
        client.get(fresh(), HTTP_X_FORWARDED_FOR="2001:db8:1:3::1").status_code == 200
    )


def test_the_memory_of_refusals_is_bounded():
    from careersite.ratelimits import RefusedClients

    refused = RefusedClients(size=3)
    for n in range(5):
        refused.remember(f"192.0.2.{n}", seconds=60)
    assert len(refused.until) == 3
    assert refused.seconds_left("192.0.2.0") == 0
    assert 59 <= refused.seconds_left("192.0.2.4") <= 60
