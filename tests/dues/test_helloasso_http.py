"""HelloAsso slow or failing: a timeout on every call, a French message for the member, a log line for
staff, and a second try only for what is safe to send twice (a read, a new token; never a checkout)."""

import logging
import time
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from dues.models import Invoice, Payment
from dues.providers.helloasso import HelloAssoClient
from tests.dues.fake_helloasso import SLUG
from tests.factories.dues import issued_invoice
from tests.factories.members import owner_of

pytestmark = pytest.mark.django_db
INTENTS = f"/v5/organizations/{SLUG}/checkout-intents"


@pytest.fixture
def invoice() -> Invoice:
    return issued_invoice(amount_cents=24_000)


@pytest.fixture
def member_client(client, invoice):
    client.force_login(owner_of(invoice.company))
    return client


def grants(helloasso) -> list[str]:
    return [form["grant_type"] for form in helloasso.token_requests()]


def test_a_hanging_checkout_gives_a_french_message_within_the_timeout_and_is_sent_once(
    helloasso, member_client, invoice, settings, caplog
):
    settings.PAYMENT_HTTP_TIMEOUT, settings.PAYMENT_HTTP_RETRIES = 1, 1
    helloasso.slow_next, helloasso.slow_seconds = 1, 3

    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        response = member_client.post(reverse("dues:pay", args=[invoice.pk]), follow=True)
    elapsed = time.monotonic() - started

    assert "HelloAsso ne répond pas pour le moment" in unescape(response.content.decode())
    assert elapsed < 5  # far below gunicorn's 30 s
    assert not Payment.objects.exists()
    assert "no answer within 1 s" in caplog.text
    # Opening a checkout is never repeated: once done with the slow call, HelloAsso has received one.
    time.sleep(max(0.0, started + helloasso.slow_seconds + 0.5 - time.monotonic()))
    assert len(helloasso.calls("POST", INTENTS)) == 1


def test_a_read_that_meets_a_server_error_is_asked_again_and_goes_through(
    helloasso, member_client, invoice, caplog
):
    member_client.post(reverse("dues:pay", args=[invoice.pk]))
    intent_id = Payment.objects.get().provider_reference
    helloasso.pay(int(intent_id))
    helloasso.fail_next = [502]

    with caplog.at_level(logging.WARNING):
        member_client.get(reverse("dues:helloasso_return"), {"checkoutIntentId": intent_id})

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert len(helloasso.calls("GET", f"{INTENTS}/{intent_id}")) == 2


def test_a_token_request_that_meets_a_server_error_is_asked_again(helloasso):
    helloasso.token_fail_next = [503]

    token = HelloAssoClient().token()

    assert token in helloasso.access_tokens
    assert grants(helloasso) == ["client_credentials", "client_credentials"]


def test_a_refresh_that_meets_a_server_error_is_not_repeated_a_new_token_is_asked_instead(helloasso):
    api = HelloAssoClient()
    api.token()
    helloasso.token_fail_next = [503]

    with time_machine.travel(time.time() + helloasso.expires_in + 5, tick=True):
        token = api.token()

    assert token in helloasso.access_tokens
    # A refresh token is good for one use: HelloAsso may have spent it before failing.
    assert grants(helloasso) == ["client_credentials", "refresh_token", "client_credentials"]
