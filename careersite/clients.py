"""Who is asking: the client address a per-client limit counts against.

Without a proxy in front (DJANGO_BEHIND_PROXY off) the client is the peer of the connection, REMOTE_ADDR. Behind
trusted proxies the peer is the last proxy, and each proxy appends the address it received the request from to
X-Forwarded-For. Only those appended entries can be believed: anything to their left came from the client, who may
write whatever it likes there. So the client is the DJANGO_PROXY_COUNT-th entry from the right (the rightmost with
one proxy), never the leftmost.

When that entry is missing (fewer entries than proxies, no header) or is not an IP address, the answer is
REMOTE_ADDR, as Werkzeug's ProxyFix does: a request that did not come through every proxy is counted against the
address that delivered it, not against a name it chose. This module imports no app.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# REMOTE_ADDR is empty when the app server listens on a Unix socket; such requests share one count.
UNKNOWN = "0.0.0.0"


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent `request`, normalised (e.g. IPv6 compressed, no port)."""
    peer = ip_or_none(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    if not settings.BEHIND_PROXY:
        return peer
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    ]
    proxies = max(1, settings.PROXY_COUNT)
    if len(forwarded) < proxies:
        return peer
    return ip_or_none(forwarded[-proxies]) or peer


def ip_or_none(text: str) -> str | None:
    """`text` as an IP address in its normal form, or None. Accepts the `1.2.3.4:port` and `[v6]:port` forms some
    proxies write."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
