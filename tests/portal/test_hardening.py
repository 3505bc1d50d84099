"""Smaller defects: links in allauth's emails, NUL characters, Permissions-Policy, the embedded
database in production."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.portal.test_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db


def test_the_password_reset_link_points_to_the_site_not_to_the_host_the_request_named(
    client, verified_user, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portail.madeinjura.fr"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_reset_password"), {"email": verified_user.email}, HTTP_HOST="127.0.0.1:8000"
        )

    (message,) = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    assert links[0].startswith("https://portail.madeinjura.fr/compte/password/reset/key/")
    assert "127.0.0.1" not in message.body
    assert "127.0.0.1" not in message.alternatives[0].content


def test_the_verification_link_of_a_signup_points_to_the_site(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portail.madeinjura.fr"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "first_name": "Léa",
                "last_name": "Bourgeois",
                "email": "scierie@exemple.fr",
                "password1": "Comte-et-Morbier-2027",
                "password2": "Comte-et-Morbier-2027",
            },
            HTTP_HOST="127.0.0.1:8000",
        )

    (message,) = mail.outbox
    assert "https://portail.madeinjura.fr/compte/confirm-email/" in message.body
    assert "127.0.0.1" not in message.body


@pytest.mark.parametrize(
    "url",
    [
        "/paiement/demo/%00/",
        "/annuaire/?q=%00",
        "/evenements/?x%00=1",
        "/licence/MIJ%00L/",
    ],
)
def test_a_nul_character_in_the_address_answers_400(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert 'lang="fr"' in response.text


def test_a_nul_character_in_an_admin_list_filter_answers_400(client, staff):
    client.force_login(staff)

    response = client.get(reverse("admin:members_company_changelist") + "?status=%00")

    assert response.status_code == 400


def test_a_nul_character_in_a_form_field_answers_400(client):
    response = client.post(reverse("account_login"), {"login": "a\x00@exemple.fr", "password": "x"})

    assert response.status_code == 400


def test_pages_and_static_files_carry_a_permissions_policy(client):
    for response in (client.get("/"), client.get("/static/css/portal.css")):
        policy = response.headers["Permissions-Policy"]
        assert "camera=()" in policy
        assert "geolocation=()" in policy
        assert "microphone=()" in policy


def test_production_without_database_url_refuses_to_start_instead_of_starting_an_embedded_database(
    monkeypatch,
):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("EMBEDDED_DATABASE_ALLOWED", raising=False)

    result = manage("check", env=PRODUCTION_ENV)

    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_behind_a_proxy_one_proxy_is_trusted_unless_told_otherwise():
    show = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"

    assert manage("shell", "-c", show, env=PRODUCTION_ENV).stdout.split()[-1] == "0"
    behind = {**PRODUCTION_ENV, "DJANGO_BEHIND_PROXY": "1"}
    assert manage("shell", "-c", show, env=behind).stdout.split()[-1] == "1"
    two = {**behind, "DJANGO_TRUSTED_PROXY_COUNT": "2"}
    assert manage("shell", "-c", show, env=two).stdout.split()[-1] == "2"
