from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    return {"association": settings.ASSOCIATION, "site_url": settings.SITE_URL}
