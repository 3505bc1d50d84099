"""Payment reconciliation: ask the provider again about every online checkout that is not final.

A notification may be lost, arrive while the provider's API is down, or never come; the member
may close the tab before coming back. The `payments_reconcile` job (every 15 minutes, see
jura_portal/schedule.py) re-fetches each checkout still "created" until the provider says it is
paid or failed, or until it is older than PAYMENT_RECONCILE_MAX_AGE_DAYS. Applying goes through
`payment_succeeded`, which counts a payment once whatever the number of checks.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from dues.errors import DuesError
from dues.models import Payment
from dues.providers.base import ProviderError

logger = logging.getLogger(__name__)

ONLINE = (Payment.Provider.HELLOASSO, Payment.Provider.STRIPE)


@dataclass
class ReconcileReport:
    checked: int = 0
    paid: int = 0
    failed: int = 0
    unreachable: int = 0


def payments_to_check():
    """Online checkouts not final yet and recent enough to still be worth asking about."""
    since = timezone.now() - timedelta(days=settings.PAYMENT_RECONCILE_MAX_AGE_DAYS)
    return (
        Payment.objects.filter(provider__in=ONLINE, status=Payment.Status.CREATED, created_at__gte=since)
        .exclude(provider_reference="")
        .order_by("created_at", "pk")
    )


def _provider(name: str):
    from dues.providers.helloasso import HelloAssoProvider
    from dues.providers.stripe_checkout import StripeProvider

    provider = {Payment.Provider.HELLOASSO: HelloAssoProvider, Payment.Provider.STRIPE: StripeProvider}[name]
    return provider() if provider.configured() else None


def payments_reconcile() -> ReconcileReport:
    """The scheduled job: re-check each open online checkout with its provider. Idempotent."""
    report = ReconcileReport()
    for payment in payments_to_check().iterator():
        provider = _provider(payment.provider)
        if provider is None:
            continue
        report.checked += 1
        try:
            if payment.provider == Payment.Provider.HELLOASSO:
                outcome = provider.sync(payment.provider_reference, raise_when_unreachable=True)
            else:
                outcome = provider.sync(payment.provider_reference)
        except ProviderError as error:
            report.unreachable += 1
            logger.warning("Reconciliation of %s %s postponed: %s", payment.provider, payment.pk, error)
            continue
        except DuesError as error:  # e.g. the invoice was cancelled meanwhile: staff see the payment
            logger.warning("Reconciliation of %s %s not applied: %s", payment.provider, payment.pk, error)
            continue
        if outcome.state == "paid":
            report.paid += 1
        elif outcome.state == "failed":
            report.failed += 1
    return report
