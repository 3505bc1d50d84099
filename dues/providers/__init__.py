"""Online payment of dues: the provider chosen by settings.PAYMENT_PROVIDER.

- "helloasso": HelloAsso API v5 checkout-intents (dues/providers/helloasso.py);
- "stripe": Stripe Checkout with signed webhooks (dues/providers/stripe_checkout.py);
- "demo": a local page that simulates success or failure, only when DEBUG is on;
- "" (or "demo" without DEBUG): no online payment; staff record transfers and cheques.
"""

from django.conf import settings

from dues.providers.base import Payer, PaymentProvider, ProviderError, ReturnOutcome

__all__ = ["Payer", "PaymentProvider", "ProviderError", "ReturnOutcome", "demo_enabled", "get_provider"]


def demo_enabled() -> bool:
    """The demo provider exists only in development, and only when no real provider is configured."""
    return bool(settings.DEBUG) and settings.PAYMENT_PROVIDER == "demo"


def get_provider() -> PaymentProvider | None:
    """The configured provider, or None when members cannot pay online."""
    name = settings.PAYMENT_PROVIDER
    if name == "helloasso":
        from dues.providers.helloasso import HelloAssoProvider

        return HelloAssoProvider()
    if name == "stripe":
        from dues.providers.stripe_checkout import StripeProvider

        return StripeProvider()
    if demo_enabled():
        from dues.providers.demo import DemoProvider

        return DemoProvider()
    return None
