"""The dues tests' payment providers: a local HelloAsso and a local Stripe, each on its own port."""

import pytest

from tests.dues.fake_helloasso import CLIENT_ID, CLIENT_SECRET, SLUG, FakeHelloAsso, serve
from tests.dues.fake_stripe import SECRET_KEY, WEBHOOK_SECRET, FakeStripe


@pytest.fixture
def helloasso(settings):
    """A running local HelloAsso, and the portal configured to use it."""
    fake = FakeHelloAsso()
    server, thread = serve(fake)
    settings.PAYMENT_PROVIDER = "helloasso"
    settings.HELLOASSO_API_URL = fake.url
    settings.HELLOASSO_CLIENT_ID = CLIENT_ID
    settings.HELLOASSO_CLIENT_SECRET = CLIENT_SECRET
    settings.HELLOASSO_ORGANIZATION_SLUG = SLUG
    settings.SITE_URL = "https://portail.madeinjura.test"
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def stripe_api(settings):
    """A running local Stripe API, and the portal configured to use it."""
    fake = FakeStripe()
    server, thread = serve(fake)
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake.url
    settings.SITE_URL = "https://portail.madeinjura.test"
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
