"""The payment-provider interface: start a checkout for an invoice, handle the return, handle a notification.

A provider never changes an invoice itself: it asks its API what really happened
and hands the answer to the dues services (`payment_start`, `payment_succeeded`,
`payment_failed`), which apply it exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db.models import Sum
from django.urls import reverse

from core.errors import PortalError
from dues.models import Invoice, Payment

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from members.models import Company, User


class ProviderError(PortalError):
    """The provider could not be reached or answered something unexpected (French message for the person).

    A PortalError, not a DuesError: the payment tasks tell "ask again later" from a refusal of the dues."""


class ProviderUnavailable(ProviderError):
    """The provider's API did not answer in time or answered 5xx: worth asking again later."""


@dataclass(frozen=True)
class Payer:
    """What we know of the person paying, to prefill the provider's form."""

    email: str
    first_name: str = ""
    last_name: str = ""
    company_name: str = ""

    @classmethod
    def of(cls, user: User, company: Company) -> Payer:
        return cls(
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            company_name=company.legal_name,
        )


@dataclass(frozen=True)
class ReturnOutcome:
    """Where the person lands after the provider's page, and what to tell them."""

    invoice_id: int | None
    state: str  # "paid", "pending", "failed", "cancelled" or "unknown"


class PaymentProvider:
    name: ClassVar[str]  # the Payment.Provider value
    label: ClassVar[str]  # the provider's name, as members know it

    def start_checkout(self, *, invoice: Invoice, payer: Payer) -> str:
        """Open a checkout for the invoice's amount; return the URL to send the person to."""
        raise NotImplementedError

    def handle_return(self, request: HttpRequest) -> ReturnOutcome:
        """The person comes back from the provider's page: check with the provider, apply what is true."""
        raise NotImplementedError

    def handle_notification(self, request: HttpRequest) -> HttpResponse:
        """A server-to-server call from the provider: a trigger to check, never trusted as such."""
        raise NotImplementedError


def absolute_url(viewname: str, *args) -> str:
    """Our public address of a view, for the provider to send the person (or its calls) back to."""
    return settings.SITE_URL + reverse(viewname, args=args)


def amount_due(invoice: Invoice) -> int:
    """What remains to pay on the invoice, in cents: its amount less what was already received."""
    received = (
        Payment.objects.succeeded().filter(invoice=invoice).aggregate(total=Sum("amount_cents"))["total"]
    )
    return max(invoice.amount_cents - (received or 0), 0)
