"""Stripe Checkout: one Checkout Session per payment, fulfilled from Stripe's signed webhook.

The webhook's signature (and its timestamp, within STRIPE_WEBHOOK_TOLERANCE) is
checked with stripe.Webhook.construct_event before anything is read; a bad or
stale signature answers 400. The person's return re-fetches the session with
our secret key, so that a paid invoice shows as paid even before the webhook.
STRIPE_API_BASE points the client elsewhere (the tests' local server).
"""

import logging

import stripe
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dues import services
from dues.errors import DuesError
from dues.models import Invoice, Payment
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

PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
FAILED_EVENTS = {"checkout.session.async_payment_failed", "checkout.session.expired"}


def client() -> stripe.StripeClient:
    # Each call waits PAYMENT_HTTP_TIMEOUT at most and is retried PAYMENT_HTTP_RETRIES times: the
    # whole stays below gunicorn's timeout (the SDK's own default is 80 s).
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=settings.PAYMENT_HTTP_RETRIES,
        http_client=stripe.RequestsClient(timeout=settings.PAYMENT_HTTP_TIMEOUT),
    )


class StripeProvider(PaymentProvider):
    name = Payment.Provider.STRIPE
    label = "Stripe"

    @staticmethod
    def configured() -> bool:
        return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)

    def start_checkout(self, *, invoice: Invoice, payer: Payer) -> str:
        due = amount_due(invoice)
        metadata = {
            "invoice": invoice.number,
            "invoice_id": str(invoice.pk),
            "company_id": str(invoice.company_id),
        }
        params = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "eur",
                        "unit_amount": due,
                        "product_data": {
                            "name": f"Cotisation Made in Jura {invoice.year} — facture {invoice.number}"
                        },
                    },
                }
            ],
            "client_reference_id": str(invoice.pk),
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata, "description": f"Facture {invoice.number}"},
            "customer_email": payer.email,
            "locale": "fr",
            "success_url": absolute_url("dues:stripe_return") + "?session_id={CHECKOUT_SESSION_ID}",
            "cancel_url": absolute_url("dues:pay", invoice.pk),
        }
        try:
            session = client().v1.checkout.sessions.create(params=params).to_dict()
        except stripe.StripeError as error:
            logger.error("Stripe refused the checkout of %s: %s", invoice.number, error)
            raise ProviderError(
                _("Le paiement par carte ne répond pas pour le moment : réessayez plus tard.")
            ) from error
        services.payment_start(
            invoice=invoice,
            provider=self.name,
            provider_reference=session["id"],
            amount_cents=due,
            raw=session,
        )
        return session["url"]

    # --- What really happened ------------------------------------------------------------------

    def apply(self, session: dict) -> ReturnOutcome:
        """Apply a Checkout Session as Stripe (signed webhook or our own fetch) describes it."""
        payment = Payment.objects.filter(
            provider=self.name, provider_reference=session.get("id") or "-"
        ).first()
        if payment is None:
            logger.warning("Stripe: Checkout Session %r is not one of ours", session.get("id"))
            return ReturnOutcome(invoice_id=None, state="unknown")
        if (
            str(session.get("client_reference_id")) != str(payment.invoice_id)
            or session.get("currency") != "eur"
        ):
            logger.error(
                "Stripe: session %s does not match invoice %s", payment.provider_reference, payment.invoice_id
            )
            return ReturnOutcome(invoice_id=payment.invoice_id, state="pending")
        if session.get("payment_status") == "paid":
            services.payment_succeeded(
                provider=self.name,
                provider_reference=payment.provider_reference,
                amount_cents=int(session.get("amount_total") or 0),
                paid_at=timezone.now(),
                raw=session,
            )
            status = Invoice.objects.values_list("status", flat=True).get(pk=payment.invoice_id)
            return ReturnOutcome(payment.invoice_id, "paid" if status == Invoice.Status.PAID else "pending")
        if session.get("status") == "expired":
            services.payment_failed(
                provider=self.name, provider_reference=payment.provider_reference, raw=session
            )
            return ReturnOutcome(payment.invoice_id, "failed")
        return ReturnOutcome(payment.invoice_id, "pending")  # e.g. a SEPA debit still processing

    def handle_return(self, request: HttpRequest) -> ReturnOutcome:
        session_id = request.GET.get("session_id", "")
        payment = Payment.objects.filter(provider=self.name, provider_reference=session_id).exclude(
            provider_reference=""
        )
        payment = payment.first()
        if payment is None:
            return ReturnOutcome(invoice_id=None, state="unknown")
        if payment.status == Payment.Status.SUCCEEDED:
            return ReturnOutcome(payment.invoice_id, "paid")
        try:
            session = client().v1.checkout.sessions.retrieve(session_id).to_dict()
        except stripe.StripeError as error:
            logger.error("Stripe: session %s could not be fetched: %s", session_id, error)
            return ReturnOutcome(payment.invoice_id, "pending")
        try:
            return self.apply(session)
        except DuesError:
            return ReturnOutcome(payment.invoice_id, "unknown")

    def sync(self, session_id: str) -> ReturnOutcome:
        """Fetch a Checkout Session from Stripe and apply it (the reconciliation job)."""
        try:
            session = client().v1.checkout.sessions.retrieve(session_id).to_dict()
        except stripe.StripeError as error:
            raise ProviderUnavailable(f"Stripe session {session_id}: {error}") from error
        return self.apply(session)

    def handle_notification(self, request: HttpRequest) -> HttpResponse:
        try:
            event = stripe.Webhook.construct_event(
                request.body,
                request.headers.get("Stripe-Signature", ""),
                settings.STRIPE_WEBHOOK_SECRET,
                tolerance=settings.STRIPE_WEBHOOK_TOLERANCE,
            ).to_dict()
        except ValueError:
            return HttpResponseBadRequest("invalid payload")
        except stripe.SignatureVerificationError:
            logger.warning("Stripe webhook with a bad or stale signature refused")
            return HttpResponseBadRequest("invalid signature")
        kind = event.get("type", "")
        session = (event.get("data") or {}).get("object") or {}
        if kind in PAID_EVENTS or kind in FAILED_EVENTS:
            try:
                if kind == "checkout.session.async_payment_failed":
                    self.fail(session)
                else:
                    self.apply(session)
            except DuesError as error:  # e.g. the invoice was cancelled meanwhile: staff see the payment
                logger.warning("Stripe event %s not applied: %s", event.get("id"), error)
        # Anything else (and a replay of what is already applied) is acknowledged and ignored.
        return HttpResponse("ok", content_type="text/plain")

    def fail(self, session: dict) -> None:
        if Payment.objects.filter(provider=self.name, provider_reference=session.get("id") or "-").exists():
            services.payment_failed(provider=self.name, provider_reference=session["id"], raw=session)
