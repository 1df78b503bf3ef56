"""Who a request counts against (careersite.clients) and how DJANGO_RATE_LIMIT reads (careersite.ratelimits)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from careersite.clients import client_address
from careersite.ratelimits import parse_rate

PEER = "10.0.0.5"

# (behind a proxy, proxies, X-Forwarded-For or None, REMOTE_ADDR) -> the client
CASES = [
    # No proxy: the header is the client's own words and never read.
    (False, 1, None, PEER, PEER),
    (False, 1, "203.0.113.7", PEER, PEER),
    (False, 1, "203.0.113.7, 198.51.100.2", "2001:db8::1", "2001:db8::1"),
    # One proxy: the entry it appended, the rightmost.
    (True, 1, "203.0.113.7", PEER, "203.0.113.7"),
    (True, 1, "1.1.1.1, 203.0.113.7", PEER, "203.0.113.7"),
    (True, 1, "1.1.1.1,2.2.2.2,  203.0.113.7 ", PEER, "203.0.113.7"),
    # Spoofed leftmost entries of any length or form change nothing.
    (True, 1, "127.0.0.1, 203.0.113.7", PEER, "203.0.113.7"),
    (True, 1, "garbage, <script>, 203.0.113.7", PEER, "203.0.113.7"),
    (True, 1, "unknown, , ,203.0.113.7", PEER, "203.0.113.7"),
    # Nothing usable where the proxy's entry should be: the peer, never a name the client chose.
    (True, 1, None, PEER, PEER),
    (True, 1, "", PEER, PEER),
    (True, 1, "   ", PEER, PEER),
    (True, 1, "203.0.113.7, garbage", PEER, PEER),
    (True, 1, "203.0.113.7,", PEER, PEER),
    (True, 1, "999.1.1.1", PEER, PEER),
    (True, 1, "203.0.113.7\x00", PEER, PEER),
    (True, 1, "x" * 5000, PEER, PEER),
    # IPv6, with and without brackets and ports, normalised to one spelling.
    (True, 1, "2001:DB8:0:0::1", PEER, "2001:db8::1"),
    (True, 1, "1.1.1.1, [2001:db8::1]:4711", PEER, "2001:db8::1"),
    (True, 1, "203.0.113.7:4711", PEER, "203.0.113.7"),
    (True, 1, "::ffff:203.0.113.7", PEER, "::ffff:cb00:7107"),
    # Two proxies (CDN, then load balancer): the second entry from the right.
    (True, 2, "203.0.113.7, 198.51.100.2", PEER, "203.0.113.7"),
    (True, 2, "6.6.6.6, 203.0.113.7, 198.51.100.2", PEER, "203.0.113.7"),
    (True, 2, "garbage, 198.51.100.2", PEER, PEER),
    # Too few entries for the proxies configured: the request skipped one, so the peer.
    (True, 2, "198.51.100.2", PEER, PEER),
    (True, 3, "203.0.113.7, 198.51.100.2", PEER, PEER),
    # No peer address (a Unix socket) and nothing usable: one shared count.
    (True, 1, "garbage", "", "0.0.0.0"),
    (False, 1, None, "", "0.0.0.0"),
]


@pytest.mark.parametrize(("behind", "proxies", "forwarded", "peer", "client"), CASES)
def test_the_client_is_the_address_a_trusted_proxy_saw(
    settings, behind, proxies, forwarded, peer, client
):
    settings.BEHIND_PROXY = behind
    settings.PROXY_COUNT = proxies
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    request = RequestFactory().get("/search/", REMOTE_ADDR=peer, **headers)
    assert client_address(request) == client


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("60/m", (60, 60)),
        (" 60/M ", (60, 60)),
        ("300/5m", (300, 300)),
        ("10/s", (10, 1)),
        ("1000/h", (1000, 3600)),
        ("0", None),
        ("off", None),
        ("OFF", None),
        ("", None),
        ("0/m", None),
    ],
)
def test_rates_read_as_requests_per_seconds(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize(
    "text", ["60", "60/", "m/60", "60/minute", "-1/m", "60/d", "6 0/m"]
)
def test_a_rate_that_does_not_read_stops_the_site(text):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(text)
