"""The portal's URLs plus the bench's baseline: the smallest view Django can serve."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from jura_portal.urls import handler400, handler403, handler404, handler500
from jura_portal.urls import urlpatterns as portal_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    """The cost of gunicorn, the middleware stack and routing, with no template and no query.

    Every page is reported as a ratio to this view's rate, measured on the same
    server in the same run, which cancels out most of the machine's speed.
    """
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bench__/minimal", minimal, name="bench_minimal"), *portal_urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
