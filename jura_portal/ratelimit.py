"""A small fixed-window rate limit for the portal's own public forms and pages.

allauth limits its own views; this covers the rest (licence verification,
guest registrations, ...). Counters live in the shared cache (the database
cache by default), so the limit holds across processes and machines.
"""

import time

from allauth.core.internal.httpkit import get_client_ip
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/m" -> (30, 60): at most 30 hits per minute."""
    count, _, unit = rate.partition("/")
    return int(count), PERIODS[unit]


def hit(request: HttpRequest, scope: str, rate: str, *, key: str = "") -> bool:
    """Count one hit of this client (or `key`) on `scope`; True while it stays within `rate`."""
    limit, period = parse_rate(rate)
    who = key or get_client_ip(request) or "unknown"
    window = int(time.time() // period)
    cache_key = f"portal-rl:{scope}:{who}:{window}"
    if cache.add(cache_key, 1, timeout=period + 1):
        return True
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period + 1)
        hits = 1
    return hits <= limit


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """A French 429 page that says to wait a minute."""
    response = render(request, "errors/429_public.html", status=429)
    response["Retry-After"] = "60"
    return response
