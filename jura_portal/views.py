"""The portal's own pages: home, health check, robots.txt, the favicon and the error pages."""

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
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


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and crawlers ask for whatever the page says: the mark, 16 to 48 px."""
    icon = (settings.BASE_DIR / "static" / "img" / "favicon.ico").read_bytes()
    response = HttpResponse(icon, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


# What the portal must be able to read for a page to work: its migrations, its own tables (a restore
# that left them owned by another role answers "permission denied" here), and the task queue.
HEALTH_QUERIES = (
    "SELECT 1 FROM django_migrations LIMIT 1",
    "SELECT 1 FROM members_company LIMIT 1",
    "SELECT 1 FROM django_session LIMIT 1",
)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer and monitoring: 200 when the portal can read its tables, 503 otherwise.

    The answer also counts the background tasks that failed for good (`failed_tasks`): staff see
    them in the admin, monitoring can alert when the count is not 0.
    """
    try:
        with connection.cursor() as cursor:
            for query in HEALTH_QUERIES:
                cursor.execute(query)
                cursor.fetchall()
            cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'")
            failed = cursor.fetchone()[0]
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "failed_tasks": failed})


@require_GET
def webmanifest(request: HttpRequest) -> JsonResponse:
    """What a phone needs to put the portal on its home screen: name, colours, icons."""
    manifest = {
        "name": "Made in Jura — le réseau des entreprises du Jura",
        "short_name": "Made in Jura",
        "lang": "fr",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#1d4f2c",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/logo.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=86400"
    return response


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
