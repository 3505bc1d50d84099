"""A small fixed-window rate limit for the portal's own public forms and pages.

allauth limits its own views; this covers the rest (licence verification,
guest registrations, ...). Counters live in PostgreSQL (jura_portal.RateCounter):
one atomic INSERT ... ON CONFLICT DO UPDATE per hit, so the limit holds exactly
across processes and machines, and a counter lasts as long as its window.
"""

import ipaddress
import time
from datetime import UTC, datetime

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jura_portal.clientip import client_ip
from jura_portal.models import RateCounter

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Counters whose window is over are deleted by the daily privacy_purge (they hold client addresses),
# not on a request: a visitor's page costs the same number of queries every time.

_INCREMENT = """
    INSERT INTO jura_portal_ratecounter (scope, key, window_start, expires_at, count)
    VALUES (%s, %s, %s, %s, 1)
    ON CONFLICT (scope, key, window_start) DO UPDATE SET count = jura_portal_ratecounter.count + 1
    RETURNING count
"""


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/m" -> (30, 60): at most 30 hits per minute."""
    count, _, unit = rate.partition("/")
    return int(count), PERIODS[unit]


def _network(address: str | None) -> str | None:
    """An IPv6 client counts by its /64: one home or one server holds a whole /64, and a new address
    from it for every request would otherwise never reach a limit."""
    if address and ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return address


def hit(request: HttpRequest, scope: str, rate: str, *, key: str = "") -> bool:
    """Count one hit of this client (or `key`) on `scope`; True while it stays within `rate`."""
    limit, period = parse_rate(rate)
    who = key or _network(client_ip(request)) or "unknown"
    start = int(time.time() // period) * period
    window_start = datetime.fromtimestamp(start, tz=UTC)
    expires_at = datetime.fromtimestamp(start + period, tz=UTC)
    with connection.cursor() as cursor:
        cursor.execute(_INCREMENT, [scope, who[:200], window_start, expires_at])
        (hits,) = cursor.fetchone()
    return hits <= limit


def purge_expired() -> int:
    """Delete the counters whose window is over; how many were deleted."""
    deleted, _ = RateCounter.objects.filter(
        expires_at__lte=datetime.fromtimestamp(time.time(), tz=UTC)
    ).delete()
    return deleted


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """A French 429 page that says to wait a minute."""
    response = render(request, "errors/429_public.html", status=429)
    response["Retry-After"] = "60"
    return response
