"""A Stripe API that hangs: the member reads a French message within the configured timeout, never a 500."""

import socket
import threading
import time

import pytest
from django.urls import reverse

from tests.dues.fake_stripe import SECRET_KEY, WEBHOOK_SECRET
from tests.factories.dues import issued_invoice
from tests.factories.members import owner_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def hanging_api():
    """Accepts connections, reads the request, never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []

    def accept():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", held
    server.close()
    for conn in held:
        conn.close()


def test_a_hanging_stripe_api_gives_a_french_message_within_the_timeout(client, settings, hanging_api):
    url, held = hanging_api
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = url
    settings.PAYMENT_HTTP_TIMEOUT = 1
    settings.PAYMENT_HTTP_RETRIES = 1
    invoice = issued_invoice(amount_cents=24_000)
    client.force_login(owner_of(invoice.company))

    started = time.monotonic()
    answer = client.post(reverse("dues:pay", args=[invoice.pk]), follow=True)
    elapsed = time.monotonic() - started

    assert answer.status_code == 200
    assert "Le paiement par carte ne répond pas pour le moment" in answer.content.decode()
    assert elapsed < 5  # 2 tries of 1 s and the SDK's short backoff, far below gunicorn's 30 s
    assert len(held) == 2  # the call and its one retry, no more
