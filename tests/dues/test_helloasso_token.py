"""HelloAsso's OAuth2 token: asked once, kept in the cache, refreshed before it expires."""

import time

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from dues.models import Payment
from dues.providers.helloasso import TOKEN_CACHE_KEY, HelloAssoClient
from tests.dues.fake_helloasso import CLIENT_ID, CLIENT_SECRET, SLUG
from tests.factories.dues import issued_invoice
from tests.factories.members import owner_of

pytestmark = pytest.mark.django_db


def grants(helloasso) -> list[str]:
    return [form["grant_type"] for form in helloasso.token_requests()]


def test_two_checkouts_share_one_token(helloasso, client):
    first, second = issued_invoice(), issued_invoice()
    client.force_login(owner_of(first.company))
    client.post(reverse("dues:pay", args=[first.pk]))
    client.force_login(owner_of(second.company))
    client.post(reverse("dues:pay", args=[second.pk]))

    assert len(helloasso.intents) == 2
    assert grants(helloasso) == ["client_credentials"]
    assert cache.get(TOKEN_CACHE_KEY)["access_token"] in helloasso.access_tokens


def test_an_expiring_token_is_renewed_with_its_refresh_token(helloasso):
    api = HelloAssoClient()
    first = api.token()
    refresh = cache.get(TOKEN_CACHE_KEY)["refresh_token"]

    # 30 seconds before HelloAsso's expiry: within the safety margin, so renewed now.
    with time_machine.travel(time.time() + helloasso.expires_in - 30, tick=True):
        second = api.token()

    assert second != first
    assert grants(helloasso) == ["client_credentials", "refresh_token"]
    assert helloasso.token_requests()[1] == {
        "grant_type": "refresh_token",
        "client_id": CLIENT_ID,
        "refresh_token": refresh,
    }


def test_a_refused_refresh_token_falls_back_to_client_credentials(helloasso):
    api = HelloAssoClient()
    api.token()
    helloasso.refresh_tokens.clear()  # e.g. more than 30 days later, or used by another process

    with time_machine.travel(time.time() + helloasso.expires_in + 5, tick=True):
        token = api.token()

    assert token in helloasso.access_tokens
    assert grants(helloasso) == ["client_credentials", "refresh_token", "client_credentials"]


def test_a_token_revoked_early_is_replaced_once_and_the_call_goes_through(helloasso):
    api = HelloAssoClient()
    api.token()
    helloasso.expire_tokens()  # HelloAsso no longer accepts it, though our cache still believes in it

    answer = api.create_checkout_intent(
        {
            "totalAmount": 100,
            "initialAmount": 100,
            "itemName": "Essai",
            "backUrl": "https://a.test/",
            "errorUrl": "https://a.test/",
            "returnUrl": "https://a.test/",
            "containsDonation": False,
        }
    )

    assert answer["id"] in helloasso.intents
    assert grants(helloasso) == ["client_credentials", "client_credentials"]
    [_refused, accepted] = helloasso.calls("POST", f"/v5/organizations/{SLUG}/checkout-intents")
    assert accepted.headers["Authorization"] == "Bearer " + cache.get(TOKEN_CACHE_KEY)["access_token"]


def test_wrong_credentials_give_the_member_a_french_message(helloasso, client, settings):
    settings.HELLOASSO_CLIENT_SECRET = CLIENT_SECRET + "-wrong"
    invoice = issued_invoice()
    client.force_login(owner_of(invoice.company))

    response = client.post(reverse("dues:pay", args=[invoice.pk]), follow=True)

    assert "HelloAsso ne répond pas pour le moment" in response.content.decode()
    assert not Payment.objects.exists()
    assert not helloasso.intents
