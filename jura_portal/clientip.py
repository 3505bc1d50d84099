"""The visitor's address, the same for the whole portal (rate limits, allauth, signature proofs, logs).

Behind reverse proxies, REMOTE_ADDR is the nearest proxy's address and X-Forwarded-For lists
"what the client claimed, ..., the client, proxy 1, ...": each trusted proxy appends the address it
was reached from. Only the entries appended by our own proxies can be believed, so the client is the
TRUSTED_PROXY_COUNT-th address from the right; anything to its left was typed by the client.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the configured number of trusted proxies saw it; None when unreadable."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            # Fewer entries than proxies: the request skipped an outer proxy; the leftmost is the
            # address our innermost proxy was reached from.
            address = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
