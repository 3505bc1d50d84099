"""A small fixed-window rate limit for the portal's own public forms and pages.

allauth limits its own views; this covers the rest (licence verification,
guest registrations, ...). Counters are rows of PostgreSQL (`RateLimitCounter`),
counted by one atomic statement, so the limit holds across processes and
machines, and a hit costs one query (the cache API needs up to ten for the same).
"""

import random
import time

from allauth.core.internal.httpkit import get_client_ip
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
PURGE_CHANCE = 0.001  # about one hit in 1,000 also deletes the counters of windows long gone

HIT_SQL = """
INSERT INTO jura_portal_ratelimitcounter AS counter (key, hits, expires_at)
VALUES (%s, 1, now() + %s * interval '1 second')
ON CONFLICT (key) DO UPDATE SET hits = counter.hits + 1
RETURNING hits
"""


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/m" -> (30, 60): at most 30 hits per minute."""
    count, _, unit = rate.partition("/")
    return int(count), PERIODS[unit]


def hit(request: HttpRequest, scope: str, rate: str, *, key: str = "") -> bool:
    """Count one hit of this client (or `key`) on `scope`; True while it stays within `rate`."""
    limit, period = parse_rate(rate)
    who = key or get_client_ip(request) or "unknown"
    window = int(time.time() // period)
    counter_key = f"{scope}:{who}:{window}"[:250]
    with connection.cursor() as cursor:
        cursor.execute(HIT_SQL, [counter_key, period + 1])
        hits = cursor.fetchone()[0]
        if random.random() < PURGE_CHANCE:  # noqa: S311 - not security
            cursor.execute("DELETE FROM jura_portal_ratelimitcounter WHERE expires_at < now()")
    return hits <= limit


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """A French 429 page that says to wait a minute."""
    response = render(request, "errors/429_public.html", status=429)
    response["Retry-After"] = "60"
    return response
