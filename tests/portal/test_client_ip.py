"""One client address for the whole portal, behind as many proxies as configured, and nothing a
client can forge: rate limits, allauth's limits and the signature proofs all use it."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from jura_portal.clientip import client_ip

PROXY = "10.0.0.2"


def request_from(remote_addr: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **extra)


def test_without_a_proxy_the_client_is_the_connecting_address_whatever_it_claims(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("198.51.100.23", "10.9.8.7")) == "198.51.100.23"


def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from(PROXY, "198.51.100.23")) == "198.51.100.23"


def test_behind_one_proxy_a_forged_first_address_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    # The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the address it saw.
    assert client_ip(request_from(PROXY, "1.2.3.4, 198.51.100.23")) == "198.51.100.23"


def test_behind_two_proxies_the_client_is_the_second_address_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    # forged, client (appended by the CDN), CDN (appended by nginx)
    request = request_from(PROXY, "1.2.3.4, 2001:db8::5, 203.0.113.80")

    assert client_ip(request) == "2001:db8::5"


def test_a_request_that_skipped_an_outer_proxy_keeps_the_innermost_proxys_entry(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(request_from(PROXY, "198.51.100.23")) == "198.51.100.23"


def test_behind_a_proxy_a_missing_header_falls_back_to_the_connecting_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("198.51.100.23")) == "198.51.100.23"


def test_garbage_in_the_header_gives_no_address_rather_than_a_made_up_one(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from(PROXY, "1.2.3.4, <script>")) is None


@pytest.mark.django_db
def test_failed_logins_behind_the_proxy_count_per_client_not_for_everybody(client, verified_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(10):  # allauth: 10 failed logins a minute per address
        client.post(
            reverse("account_login"),
            {"login": f"{_}@exemple.fr", "password": "pas-le-bon"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    blocked = client.post(
        reverse("account_login"),
        {"login": "autre@exemple.fr", "password": "pas-le-bon"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )
    assert "Trop de tentatives" in blocked.text

    # The same proxy, another client: not concerned.
    response = client.post(
        reverse("account_login"),
        {"login": "autre@exemple.fr", "password": "pas-le-bon"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )
    assert response.status_code == 200
    assert "Trop de tentatives" not in response.text


def test_log_lines_about_a_request_name_the_real_client(settings):
    import logging

    from jura_portal.logfilters import ClientAddressFilter

    settings.TRUSTED_PROXY_COUNT = 1
    about_a_request = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found", None, None)
    about_a_request.request = request_from(PROXY, "6.6.6.6, 198.51.100.23")
    other = logging.LogRecord("pgserver", logging.INFO, "", 0, "started", None, None)

    for record in (about_a_request, other):
        ClientAddressFilter().filter(record)

    assert about_a_request.client == "198.51.100.23"
    assert other.client == "-"
