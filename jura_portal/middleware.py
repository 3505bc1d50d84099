"""The portal's own middleware: requests no page can answer, headers every page carries."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from jura_portal.accounts import SECOND_FACTOR_SESSION_KEY, has_second_factor

# Features no page of the portal uses: a script injected into a page cannot turn them on either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


class RejectNulMiddleware:
    """400 for a NUL character in the path, the query or a form field: PostgreSQL refuses them in
    text, so they would otherwise end as a 500 wherever a value reaches a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(request.GET):
            raise BadRequest("NUL character in the address")
        # request.POST reads only form bodies (a webhook's JSON stays untouched for its view).
        if request.method == "POST" and _has_nul(request.POST):
            raise BadRequest("NUL character in a form field")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """A Permissions-Policy header on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class StaffSecondFactorMiddleware:
    """Staff reach nothing but their account pages (/compte/: set up the second factor, log out)
    until they have set up an authenticator app; from then on, allauth asks for its code at login."""

    OPEN_TO_STAFF_WITHOUT_SECOND_FACTOR = ("/compte/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and (user.is_staff or user.is_superuser)  # a superuser holds every permission, admin or not
            and not request.path.startswith(self.OPEN_TO_STAFF_WITHOUT_SECOND_FACTOR)
            and not request.session.get(SECOND_FACTOR_SESSION_KEY)
        ):
            if has_second_factor(user):  # a session opened before the note existed
                request.session[SECOND_FACTOR_SESSION_KEY] = True
                return self.get_response(request)
            messages.warning(
                request,
                _(
                    "Les comptes de l'équipe sont protégés par un second facteur : configurez une "
                    "application d'authentification (code à usage unique) pour continuer."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
