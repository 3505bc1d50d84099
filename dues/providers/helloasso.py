"""HelloAsso (API v5): checkout-intents paid on HelloAsso's page.

1. OAuth2 client credentials: POST {api}/oauth2/token; the access token is kept in
   the shared cache until shortly before it expires, then renewed with its
   refresh token (or a new client-credentials request when that fails).
2. POST /v5/organizations/{slug}/checkout-intents (amounts in cents, our invoice
   in `metadata`); the person is sent to the answer's `redirectUrl`.
3. On the person's return and on every notification we GET the checkout-intent
   again: the payment is applied only when HelloAsso's own answer carries an
   order whose payments are authorized and add up to the order's total.
   Neither the return's query string nor a notification's body is trusted.
"""

import json
import logging
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from dues import services
from dues.errors import DuesError
from dues.models import Invoice, Payment
from dues.providers import http
from dues.providers.base import (
    Payer,
    PaymentProvider,
    ProviderError,
    ProviderUnavailable,
    ReturnOutcome,
    absolute_url,
    amount_due,
)

logger = logging.getLogger(__name__)
PARIS = ZoneInfo("Europe/Paris")

TOKEN_CACHE_KEY = "dues:helloasso:token"  # noqa: S105 (a cache key, not a secret)
# Renew the access token this long before HelloAsso says it expires (clock skew, slow calls).
TOKEN_MARGIN_SECONDS = 60
# HelloAsso's refresh tokens live 30 days; keep the entry in the cache as long.
TOKEN_CACHE_SECONDS = 30 * 24 * 3600
# A payment HelloAsso counts as money received.
PAID_STATES = {"Authorized"}
REFUSED_STATES = {"Refused"}
ITEM_NAME_MAX = 250


class HelloAssoClient:
    """The few calls we make, with the token handling around them."""

    def __init__(self) -> None:
        self.api_url = settings.HELLOASSO_API_URL
        self.client_id = settings.HELLOASSO_CLIENT_ID
        self.client_secret = settings.HELLOASSO_CLIENT_SECRET
        self.slug = settings.HELLOASSO_ORGANIZATION_SLUG

    # --- OAuth2 ----------------------------------------------------------------------------

    def _store(self, answer: dict) -> str:
        access = answer.get("access_token")
        if not access:
            raise http.HttpError(0, "no access_token in the token answer")
        expires_in = int(answer.get("expires_in") or 0)
        cache.set(
            TOKEN_CACHE_KEY,
            {
                "access_token": access,
                "refresh_token": answer.get("refresh_token", ""),
                "expires_at": time.time() + expires_in - TOKEN_MARGIN_SECONDS,
            },
            timeout=TOKEN_CACHE_SECONDS,
        )
        return access

    def _token_request(self, form: dict) -> str:
        # Asking for a new token twice is harmless; a refresh token is good for one use only.
        idempotent = form["grant_type"] == "client_credentials"
        return self._store(
            http.call("POST", f"{self.api_url}/oauth2/token", form=form, idempotent=idempotent)
        )

    def token(self) -> str:
        """A valid access token: the cached one, a refreshed one, or a new one."""
        cached = cache.get(TOKEN_CACHE_KEY)
        if cached and cached["expires_at"] > time.time():
            return cached["access_token"]
        if cached and cached.get("refresh_token"):
            try:
                return self._token_request(
                    {
                        "grant_type": "refresh_token",
                        "client_id": self.client_id,
                        "refresh_token": cached["refresh_token"],
                    }
                )
            except http.HttpError as error:
                logger.info("HelloAsso refresh token refused (%s); asking for a new token", error.status)
        return self._token_request(
            {
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": self.client_secret,
            }
        )

    def _api(self, method: str, path: str, json_body: dict | None = None) -> dict:
        url = f"{self.api_url}/v5/organizations/{self.slug}{path}"
        try:
            return http.call(method, url, json_body=json_body, bearer=self.token())
        except http.HttpError as error:
            if error.status != 401:
                raise
        # The token was revoked or expired early: start again with a new one, once.
        cache.delete(TOKEN_CACHE_KEY)
        return http.call(method, url, json_body=json_body, bearer=self.token())

    # --- Checkout -------------------------------------------------------------------------

    def create_checkout_intent(self, body: dict) -> dict:
        return self._api("POST", "/checkout-intents", body)

    def get_checkout_intent(self, intent_id: str) -> dict:
        return self._api("GET", f"/checkout-intents/{intent_id}")


def _payer(payer: Payer) -> dict:
    fields = {
        "email": payer.email,
        "firstName": payer.first_name,
        "lastName": payer.last_name,
        "companyName": payer.company_name,
    }
    return {key: value for key, value in fields.items() if value}


def _when(value: str | None) -> datetime:
    """HelloAsso's dates carry their offset; one without is read as Paris time."""
    try:
        when = datetime.fromisoformat(value) if value else timezone.now()
    except ValueError:
        return timezone.now()
    return timezone.make_aware(when, PARIS) if timezone.is_naive(when) else when


class HelloAssoProvider(PaymentProvider):
    name = Payment.Provider.HELLOASSO
    label = "HelloAsso"

    @staticmethod
    def configured() -> bool:
        return bool(
            settings.HELLOASSO_CLIENT_ID
            and settings.HELLOASSO_CLIENT_SECRET
            and settings.HELLOASSO_ORGANIZATION_SLUG
        )

    def __init__(self) -> None:
        self.client = HelloAssoClient()

    def start_checkout(self, *, invoice: Invoice, payer: Payer) -> str:
        due = amount_due(invoice)
        body = {
            "totalAmount": due,
            "initialAmount": due,
            "itemName": f"Cotisation Made in Jura {invoice.year} — facture {invoice.number}"[:ITEM_NAME_MAX],
            "backUrl": absolute_url("dues:helloasso_back", invoice.pk),
            "errorUrl": absolute_url("dues:helloasso_error"),
            "returnUrl": absolute_url("dues:helloasso_return"),
            "containsDonation": False,
            "payer": _payer(payer),
            "metadata": {
                "invoice": invoice.number,
                "invoice_id": invoice.pk,
                "company_id": invoice.company_id,
            },
        }
        try:
            answer = self.client.create_checkout_intent(body)
        except http.HttpError as error:
            logger.error("HelloAsso refused the checkout of %s: %s", invoice.number, error)
            raise ProviderError(
                _("HelloAsso ne répond pas pour le moment : réessayez dans quelques minutes.")
            ) from error
        intent_id, redirect_url = answer.get("id"), answer.get("redirectUrl", "")
        if not intent_id or not redirect_url.startswith(("https://", "http://")):
            logger.error("HelloAsso: unexpected checkout-intent answer for %s: %s", invoice.number, answer)
            raise ProviderError(_("HelloAsso a répondu de façon inattendue : réessayez plus tard."))
        services.payment_start(
            invoice=invoice,
            provider=self.name,
            provider_reference=str(intent_id),
            amount_cents=due,
            raw=answer,
        )
        return redirect_url

    # --- What really happened ----------------------------------------------------------------

    def sync(self, intent_id: str, *, raise_when_unreachable: bool = False) -> ReturnOutcome:
        """Ask HelloAsso about the checkout-intent and apply what its answer proves.

        `raise_when_unreachable`: HelloAsso slow or down raises ProviderUnavailable (the background
        task is then retried later) instead of answering "pending" (the member's return page).
        """
        payment = (
            Payment.objects.filter(provider=self.name, provider_reference=intent_id)
            .exclude(provider_reference="")
            .first()
        )
        if payment is None:
            logger.warning("HelloAsso: checkout-intent %r is not one of ours", intent_id)
            return ReturnOutcome(invoice_id=None, state="unknown")
        if payment.status == Payment.Status.SUCCEEDED:
            return ReturnOutcome(invoice_id=payment.invoice_id, state="paid")
        try:
            intent = self.client.get_checkout_intent(intent_id)
        except http.HttpError as error:
            logger.error("HelloAsso: checkout-intent %s could not be fetched: %s", intent_id, error)
            if raise_when_unreachable:
                raise ProviderUnavailable(f"HelloAsso checkout-intent {intent_id}: {error}") from error
            return ReturnOutcome(invoice_id=payment.invoice_id, state="pending")
        outcome = ReturnOutcome(invoice_id=payment.invoice_id, state="pending")
        metadata = intent.get("metadata") or {}
        if str(intent.get("id")) != intent_id or str(metadata.get("invoice_id")) != str(payment.invoice_id):
            logger.error(
                "HelloAsso: checkout-intent %s does not match invoice %s", intent_id, payment.invoice_id
            )
            return outcome
        order = intent.get("order")
        if not order:
            return outcome  # not paid (yet): HelloAsso creates the order once the payment is authorized
        payments = order.get("payments") or []
        authorized = [p for p in payments if p.get("state") in PAID_STATES]
        received = sum(int(p.get("amount") or 0) for p in authorized)
        total = int((order.get("amount") or {}).get("total") or 0)
        if not authorized:
            if payments and all(p.get("state") in REFUSED_STATES for p in payments):
                services.payment_failed(provider=self.name, provider_reference=intent_id, raw=intent)
                return ReturnOutcome(invoice_id=payment.invoice_id, state="failed")
            return outcome
        if received != total:
            # Instalments still to come, or a refund under way: not money we can count yet.
            logger.warning("HelloAsso: order %s has %s of %s authorized", order.get("id"), received, total)
            return outcome
        if received != payment.amount_cents:
            logger.warning(
                "HelloAsso: checkout-intent %s paid %s where %s was asked",
                intent_id,
                received,
                payment.amount_cents,
            )
        services.payment_succeeded(
            provider=self.name,
            provider_reference=intent_id,
            amount_cents=received,
            paid_at=_when(authorized[-1].get("date")),
            raw=intent,
        )
        payment.invoice.refresh_from_db(fields=["status"])
        state = "paid" if payment.invoice.status == Invoice.Status.PAID else "pending"
        return ReturnOutcome(invoice_id=payment.invoice_id, state=state)

    def handle_return(self, request: HttpRequest) -> ReturnOutcome:
        intent_id = request.GET.get("checkoutIntentId", "").strip()
        if not intent_id.isdigit():
            return ReturnOutcome(invoice_id=None, state="unknown")
        return self.sync(intent_id)

    def handle_notification(self, request: HttpRequest) -> HttpResponse:
        """Find which of our checkout-intents the notification is about, and check each with HelloAsso."""
        try:
            body = json.loads(request.body)
        except ValueError:
            return HttpResponseBadRequest("invalid JSON")
        if not isinstance(body, dict):
            return HttpResponseBadRequest("invalid JSON")
        for intent_id in self.intents_named_by(body):
            # Answer HelloAsso at once; the check runs in the background (django.tasks).
            helloasso_sync.enqueue(intent_id=intent_id)
        return HttpResponse("ok", content_type="text/plain")

    def intents_named_by(self, body: dict) -> list[str]:
        """The checkout-intents of ours a notification may concern (its claims are only leads)."""
        if body.get("eventType") not in {"Order", "Payment"}:
            return []
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
        order = data.get("order") if isinstance(data.get("order"), dict) else {}
        named = {
            str(value) for value in (data.get("checkoutIntentId"), order.get("checkoutIntentId")) if value
        }
        # A refused card leaves the checkout open on HelloAsso's page: a later success must still count.
        candidates = Payment.objects.filter(
            provider=self.name, status__in=(Payment.Status.CREATED, Payment.Status.FAILED)
        )
        known = set(
            candidates.filter(provider_reference__in=named).values_list("provider_reference", flat=True)
        )
        if not known and str(metadata.get("invoice_id", "")).isdigit():
            # A "Payment" notification may carry only our metadata: check that invoice's open checkouts.
            known = set(
                candidates.filter(invoice_id=int(metadata["invoice_id"])).values_list(
                    "provider_reference", flat=True
                )
            )
        return sorted(known)


@task()
def helloasso_sync(*, intent_id: str) -> str:
    """Re-fetch a checkout-intent and apply it (run by the worker after a notification).

    HelloAsso slow or down raises: the queue runs the task again later (TASKS_MAX_ATTEMPTS), and the
    `payments_reconcile` job checks every open checkout until it is final. Applying is idempotent.
    """
    try:
        return HelloAssoProvider().sync(intent_id, raise_when_unreachable=True).state
    except DuesError as error:  # e.g. the invoice was cancelled meanwhile: staff see the payment
        logger.warning("HelloAsso: checkout-intent %s not applied: %s", intent_id, error)
        return "refused"
