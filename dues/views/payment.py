"""Paying dues in the browser: the pay page, the provider's returns and notifications, the demo page.

Views stay thin: the providers ask their API what really happened and the dues
services apply it once. Notification endpoints are server-to-server calls (no
CSRF token, rate-limited by address) and are only triggers to check.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dues import services
from dues.errors import DuesError
from dues.models import Invoice, Payment
from dues.providers import Payer, ProviderError, ReturnOutcome, demo_enabled, get_provider
from jura_portal.ratelimit import hit, too_many_requests

# Server-to-server calls: generous enough for a provider's bursts and retries, not for a flood.
NOTIFY_RATE = "120/m"
# A person starting checkouts or coming back from the provider's page.
PAY_RATE = "20/m"


def euros(cents: int) -> str:
    """1234500 -> "12 345,00 €" (in the active language's format)."""
    return number_format(Decimal(cents) / 100, 2, force_grouping=True) + "\N{NO-BREAK SPACE}€"


# --- The pay page ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the invoice, what remains to pay and the provider's button. POST: open the checkout."""
    if not request.company:
        return redirect("members:space")
    invoice = get_object_or_404(Invoice.objects.with_totals(), pk=pk, company=request.company)
    provider = get_provider()
    if request.method == "POST":
        if not hit(request, "dues-pay", PAY_RATE, key=f"user:{request.user.pk}"):
            return too_many_requests(request)
        if not invoice.is_payable:
            messages.info(request, _("Cette facture n'est plus à payer."))
            return redirect("dues:pay", pk=invoice.pk)
        if provider is None:
            messages.error(request, _("Le paiement en ligne n'est pas disponible : réglez par virement."))
            return redirect("dues:pay", pk=invoice.pk)
        try:
            url = provider.start_checkout(invoice=invoice, payer=Payer.of(request.user, request.company))
        except (ProviderError, DuesError) as error:
            messages.error(request, str(error))
            return redirect("dues:pay", pk=invoice.pk)
        return redirect(url)
    due = max(invoice.amount_cents - invoice.paid_cents, 0)
    return render(
        request,
        "dues/payment/pay.html",
        {
            "company": request.company,
            "invoice": invoice,
            "amount": euros(invoice.amount_cents),
            "paid": euros(invoice.paid_cents) if invoice.paid_cents else "",
            "due": euros(due),
            "provider": provider,
            "association": settings.ASSOCIATION,
            "bank_transfer": settings.DUES_BANK_TRANSFER,
        },
    )


# --- Coming back from the provider ---------------------------------------------------------------


def _land(request: HttpRequest, outcome: ReturnOutcome) -> HttpResponse:
    """Tell the person what happened and show them the invoice (or their invoices)."""
    if outcome.state == "paid":
        messages.success(request, _("Merci ! Votre paiement est enregistré : la facture est réglée."))
    elif outcome.state == "pending":
        messages.info(
            request,
            _(
                "Votre paiement est en cours de confirmation. La facture sera marquée réglée dès que "
                "le prestataire l'aura confirmé, et vous recevrez un reçu par e-mail."
            ),
        )
    elif outcome.state == "failed":
        messages.error(request, _("Le paiement n'a pas abouti : rien n'a été débité. Vous pouvez réessayer."))
    elif outcome.state == "cancelled":
        messages.info(request, _("Paiement abandonné : la facture reste à régler."))
    else:
        messages.warning(
            request,
            _(
                "Nous ne retrouvons pas ce paiement. S'il a été débité, l'association le verra : contactez-la."
            ),
        )
    if outcome.invoice_id is None:
        return redirect("dues:invoices")
    return redirect("dues:pay", pk=outcome.invoice_id)


def _provider_named(name: str):
    """The provider's return and notification endpoints live as long as its credentials are set.

    A provider stays reachable after the association switches to another one, so that
    late notifications of checkouts opened before the switch are still applied.
    """
    if name == "helloasso":
        from dues.providers.helloasso import HelloAssoProvider

        if HelloAssoProvider.configured():
            return HelloAssoProvider()
    if name == "stripe":
        from dues.providers.stripe_checkout import StripeProvider

        if StripeProvider.configured():
            return StripeProvider()
    raise Http404


@require_GET
def helloasso_return(request: HttpRequest) -> HttpResponse:
    if not hit(request, "dues-return", PAY_RATE):
        return too_many_requests(request)
    return _land(request, _provider_named("helloasso").handle_return(request))


@require_GET
def helloasso_error(request: HttpRequest) -> HttpResponse:
    if not hit(request, "dues-return", PAY_RATE):
        return too_many_requests(request)
    outcome = _provider_named("helloasso").handle_return(request)
    if outcome.state == "pending":  # no order behind the intent: the payment did not go through
        outcome = ReturnOutcome(invoice_id=outcome.invoice_id, state="failed")
    return _land(request, outcome)


@require_GET
def helloasso_back(request: HttpRequest, pk: int) -> HttpResponse:
    """The person left HelloAsso's page with its back link."""
    messages.info(request, _("Paiement abandonné : la facture reste à régler."))
    return redirect("dues:pay", pk=pk)


@require_GET
def stripe_return(request: HttpRequest) -> HttpResponse:
    if not hit(request, "dues-return", PAY_RATE):
        return too_many_requests(request)
    return _land(request, _provider_named("stripe").handle_return(request))


@csrf_exempt
@require_POST
def helloasso_notify(request: HttpRequest) -> HttpResponse:
    if not hit(request, "dues-notify", NOTIFY_RATE):
        return too_many_requests(request)
    return _provider_named("helloasso").handle_notification(request)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    if not hit(request, "dues-notify", NOTIFY_RATE):
        return too_many_requests(request)
    return _provider_named("stripe").handle_notification(request)


# --- The demo provider's page (development only) -------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def demo_checkout(request: HttpRequest, reference: str) -> HttpResponse:
    """Plays the provider: shows the amount and lets the person simulate a success or a refusal."""
    if not demo_enabled() or not request.company:
        raise Http404
    payment = get_object_or_404(
        Payment.objects.select_related("invoice"),
        provider=Payment.Provider.DEMO,
        provider_reference=reference,
        invoice__company=request.company,
    )
    if request.method == "POST" and payment.status == Payment.Status.CREATED:
        outcome = request.POST.get("outcome")
        if outcome == "succeeded":
            services.payment_succeeded(
                provider=Payment.Provider.DEMO,
                provider_reference=reference,
                amount_cents=payment.amount_cents,
                paid_at=timezone.now(),
                raw={"demo": True, "outcome": "succeeded"},
            )
            return _land(request, ReturnOutcome(invoice_id=payment.invoice_id, state="paid"))
        if outcome == "failed":
            services.payment_failed(
                provider=Payment.Provider.DEMO,
                provider_reference=reference,
                raw={"demo": True, "outcome": "failed"},
            )
            return _land(request, ReturnOutcome(invoice_id=payment.invoice_id, state="failed"))
        return _land(request, ReturnOutcome(invoice_id=payment.invoice_id, state="cancelled"))
    if payment.status != Payment.Status.CREATED:
        messages.info(request, _("Ce paiement de démonstration est déjà terminé."))
        return redirect("dues:pay", pk=payment.invoice_id)
    return render(
        request,
        "dues/payment/demo_checkout.html",
        {"payment": payment, "invoice": payment.invoice, "amount": euros(payment.amount_cents)},
    )
