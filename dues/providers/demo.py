"""The demo provider: a local page that plays the provider's part (development only, see demo_enabled)."""

import secrets

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from dues import services
from dues.models import Invoice, Payment
from dues.providers.base import Payer, PaymentProvider, ReturnOutcome, amount_due


class DemoProvider(PaymentProvider):
    name = Payment.Provider.DEMO
    label = "démonstration"

    def start_checkout(self, *, invoice: Invoice, payer: Payer) -> str:
        reference = "demo_" + secrets.token_urlsafe(16)
        services.payment_start(
            invoice=invoice,
            provider=self.name,
            provider_reference=reference,
            amount_cents=amount_due(invoice),
            raw={"demo": True, "payer": payer.email},
        )
        return reverse("dues:demo_checkout", args=[reference])

    def handle_return(self, request: HttpRequest) -> ReturnOutcome:
        raise Http404  # the demo page applies its own outcome

    def handle_notification(self, request: HttpRequest) -> HttpResponse:
        raise Http404
