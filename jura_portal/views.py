"""The portal's own pages: home, health check, robots.txt and the error pages."""

from django.db import connection
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jura_portal import pagecache

HOME_MEMBERS = 6
HOME_EVENTS = 3


@pagecache.public_page
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What Made in Jura is, the latest listed members and the next events (a constant number of queries)."""
    from directory.models import Listing
    from events.models import Event

    latest_members = (
        Listing.objects.listed()
        .with_cards()
        .order_by(F("company__member_since").desc(nulls_last=True), "-pk")[:HOME_MEMBERS]
    )
    next_events = Event.objects.upcoming().for_listing()[:HOME_EVENTS]
    pagecache.fresh_until(request, Event.objects.next_change())
    return render(request, "home.html", {"latest_members": latest_members, "next_events": next_events})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /compte/",
        "Disallow: /espace/",
        "Disallow: /adhesion/",
        "Disallow: /paiement/",
        "Disallow: /offres/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    from django.template import loader

    template = loader.get_template("errors/500.html")
    return HttpResponse(template.render({}), status=500)
