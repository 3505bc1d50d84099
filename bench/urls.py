"""The portal's URLs plus the bench's two references: the smallest view, and a plain Django list page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from jura_portal.urls import handler400, handler403, handler404, handler500
from jura_portal.urls import urlpatterns as portal_urlpatterns

PLAIN_ROWS = 50


def minimal(request: HttpRequest) -> HttpResponse:
    """The cost of gunicorn, the middleware stack and routing, with no template and no query."""
    return HttpResponse("ok", content_type="text/plain")


def plain_list(request: HttpRequest) -> HttpResponse:
    """What a plain Django list page costs: one query for 50 rows and a minimal template.

    Every page is reported as a ratio to this view's rate, measured on the same
    server in the same run (issue 16's yardstick), which cancels out most of the
    machine's speed and load.
    """
    from members.models import Company

    companies = Company.objects.only("trade_name", "slug", "postal_code").order_by("pk")[:PLAIN_ROWS]
    return render(request, "bench/plain_list.html", {"companies": companies})


urlpatterns = [
    path("__bench__/minimal", minimal, name="bench_minimal"),
    path("__bench__/plain", plain_list, name="bench_plain"),
    *portal_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
