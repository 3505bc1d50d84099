"""The pages `make bench` measures. Each feature's issue appends its public pages here.

A page's URL is a function, called once after seeding, in the harness process:
it may reverse a URL name or look up a seeded object (a company's page).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Page:
    name: str  # the row's label in the results, and the value of --only
    url: Callable[[], str]  # the path to GET, query string included
    # Each request asks for an address never asked before (a counter in the query string): the page is
    # rendered every time, never served from the store of rendered public pages (a search's long tail).
    new_each_time: bool = False


def named(url_name: str, *args: object, query: str = "") -> Callable[[], str]:
    """A page's path from its URL name, reversed once Django is set up."""
    return lambda: reverse(url_name, args=args) + (f"?{query}" if query else "")


# The yardstick every page is compared to (issue 16): a plain Django list page, one query for 50 rows
# and a minimal template, served by the same gunicorn; measured first and again last.
BASELINE = Page("plain list", named("bench_plain"))

PAGES: list[Page] = [
    BASELINE,
    Page("minimal", named("bench_minimal")),
    Page("home", named("home")),
    Page("healthz", named("healthz")),
    Page("robots.txt", named("robots_txt")),
    Page("login", named("account_login")),
]


def all_pages() -> list[Page]:
    """PAGES and the pages of each feature's bench module (bench/seed.py AREAS).

    A function, called once Django is set up: the feature modules import models.
    """
    from bench.seed import area_lists

    return [*PAGES, *area_lists("PAGES")]
