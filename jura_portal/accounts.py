"""How django-allauth fits the portal: its emails leave through our background task, the client's
address comes from the portal's one helper, and failed logins count per address and email."""

import io
from typing import Any
from urllib.parse import urlsplit

import segno
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from jura_portal import emails
from jura_portal.clientip import client_ip


def _on_site(url: Any) -> Any:
    """The link on SITE_URL: allauth builds its links from the request's Host header and port."""
    if not isinstance(url, str):
        return url
    parts = urlsplit(url)
    if not parts.scheme:
        return url
    return settings.SITE_URL + parts._replace(scheme="", netloc="").geturl()


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # As allauth's own send_mail (same base context), but the message leaves through the worker.
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **{name: _on_site(value) if name.endswith("_url") else value for name, value in context.items()},
        }
        message = self.render_mail(template_prefix, email, full_context)
        emails.enqueue_message(message)

    def get_client_ip(self, request: HttpRequest) -> str:
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Adresse du client illisible.")
        return ip

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys the "login_failed" per-key limit on the email alone: five wrong passwords
        # typed by anybody would lock the member out from everywhere. Keyed on address + email,
        # a stranger only locks himself out; the per-address limit still caps guessing.
        return f"{client_ip(request)}:{super()._get_login_attempts_cache_key(request, **credentials)}"


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        # The QR code to scan with an authenticator app, drawn by segno (already used for the licence QR codes).
        buffer = io.BytesIO()
        segno.make(url, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
        return buffer.getvalue().decode()


# Whether the signed-in staff member has an authenticator app, noted in the session at login (and
# when one is added or removed) so that the staff's pages pay no query for it on every request.
SECOND_FACTOR_SESSION_KEY = "portal_staff_second_factor"


def has_second_factor(user) -> bool:
    """Whether this person has set up an authenticator app (TOTP)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def note_second_factor(sender, request: HttpRequest | None = None, user=None, **kwargs) -> None:
    """Receiver of user_logged_in, authenticator_added and authenticator_removed."""
    if request is not None and hasattr(request, "session") and user is not None and user.is_staff:
        request.session[SECOND_FACTOR_SESSION_KEY] = has_second_factor(user)
