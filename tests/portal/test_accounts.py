"""Accounts (django-allauth): signup with a verified email, login, password reset and change,
rate limits and the way into the admin.

allauth's emails leave through a background task once the transaction commits; the tests
run inside a transaction, so the requests that send an email are wrapped in
django_capture_on_commit_callbacks(execute=True).
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories.members import UserFactory, totp_code

NEW_PASSWORD = "Comte-et-Morbier-2027"
LINK = re.compile(r"https?://\S+")

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    """The link to follow: the first one (the last is the portal's address, in the signature)."""
    return LINK.findall(message.body)[0]


def described_by(html: str, field_id: str) -> list[str]:
    """The ids an input points to through aria-describedby (its help text, its error)."""
    tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html).group(0)
    match = re.search(r'aria-describedby="([^"]*)"', tag)
    return match.group(1).split() if match else []


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def sign_up(client, capture, email="fromagerie@exemple.fr", password=NEW_PASSWORD):
    with capture(execute=True):
        return client.post(
            reverse("account_signup"),
            {
                "first_name": "Claire",
                "last_name": "Vuillermoz",
                "email": email,
                "password1": password,
                "password2": password,
            },
        )


def test_signup_creates_an_unverified_account_and_sends_a_french_verification_email(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email="fromagerie@exemple.fr")
    assert not EmailAddress.objects.get(user=user).verified
    assert not is_logged_in(client)

    (message,) = mail.outbox
    assert message.to == ["fromagerie@exemple.fr"]
    assert message.subject == "[Made in Jura] Confirmez votre adresse e-mail"
    assert "Bienvenue" in message.body
    assert "/compte/confirm-email/" in link_in(message)
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="fr">' in html
    assert "Confirmer mon adresse" in html


def test_the_page_after_signup_asks_in_french_to_check_the_mailbox(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)

    page = client.get(response.url)

    assert "Vérifiez votre adresse e-mail" in page.text
    assert page.text.count("<h1") == 1


def test_the_link_in_the_verification_email_confirms_the_address_after_which_login_works(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    confirmation_url = link_in(mail.outbox[0])

    page = client.get(confirmation_url)
    assert page.status_code == 200
    assert "Confirmer mon adresse" in page.text
    response = client.post(confirmation_url)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="fromagerie@exemple.fr").verified
    assert is_logged_in(client)

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "fromagerie@exemple.fr", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("members:space")
    assert is_logged_in(client)


def test_login_before_verification_is_refused_and_points_to_the_verification_page(
    client, password, django_capture_on_commit_callbacks
):
    user = UserFactory(password=password)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_login"), {"login": user.email, "password": password})

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not is_logged_in(client)
    assert "Vérifiez votre adresse e-mail" in client.get(response.url).text
    # A fresh link, for whoever lost the first one.
    assert mail.outbox[0].subject == "[Made in Jura] Confirmez votre adresse e-mail"


def test_signup_with_mismatched_passwords_keeps_the_email_and_explains_the_error_in_french(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "scierie@exemple.fr", "password1": NEW_PASSWORD, "password2": "Autre-mot-de-passe-99"},
    )

    assert response.status_code == 200
    assert 'value="scierie@exemple.fr"' in response.text
    assert "Vous devez saisir deux fois le même mot de passe." in response.text
    assert "id_password2_error" in described_by(response.text, "id_password2")
    assert 'id="id_password2_error"' in response.text
    assert not get_user_model().objects.filter(email="scierie@exemple.fr").exists()


def test_an_address_added_later_gets_its_own_french_confirmation_email(
    client, verified_user, django_capture_on_commit_callbacks
):
    client.force_login(verified_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_email"), {"action_add": "", "email": "compta@exemple.fr"})

    assert response.status_code == 302
    assert not EmailAddress.objects.get(email="compta@exemple.fr").verified
    (message,) = mail.outbox
    assert message.to == ["compta@exemple.fr"]
    assert message.subject == "[Made in Jura] Confirmez votre adresse e-mail"
    assert "a été ajoutée à un compte" in message.body
    assert "/compte/confirm-email/" in link_in(message)


def test_a_browser_asking_for_english_still_gets_a_consistent_french_page(client, db):
    response = client.get(reverse("account_signup"), headers={"accept-language": "en-GB,en;q=0.9"})

    assert '<html lang="fr">' in response.text
    assert ">Password" not in response.text


def test_a_wrong_password_is_refused_with_a_french_message_that_keeps_the_email(client, verified_user):
    response = client.post(reverse("account_login"), {"login": verified_user.email, "password": "pas-le-bon"})

    assert response.status_code == 200
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in response.text
    assert f'value="{verified_user.email}"' in response.text
    assert not is_logged_in(client)


def test_password_reset_sends_a_link_that_sets_a_new_password_which_then_works(
    client, verified_user, password, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": verified_user.email})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")

    (message,) = mail.outbox
    assert message.to == [verified_user.email]
    assert message.subject == "[Made in Jura] Choisir un nouveau mot de passe"
    assert "votre mot de passe reste inchangé" in message.body

    # The link from the email hides its key in the session and redirects to the form.
    page = client.get(link_in(message), follow=True)
    assert page.status_code == 200
    assert "Choisir un nouveau mot de passe" in page.text
    form_url = page.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_from_key_done")

    assert not client.login(email=verified_user.email, password=password)
    response = client.post(reverse("account_login"), {"login": verified_user.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_password_reset_link_works_only_once(client, verified_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": verified_user.email})
    link = link_in(mail.outbox[0])
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    page = client.get(link, follow=True)

    assert "Lien non valable" in page.text


def test_a_password_reset_for_an_unknown_address_tells_the_owner_in_french(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "inconnu@exemple.fr"})

    # Same answer as for a known address: nobody learns who has an account.
    assert response.url == reverse("account_reset_password_done")
    (message,) = mail.outbox
    assert message.subject == "[Made in Jura] Aucun compte à cette adresse"
    assert reverse("account_signup") in link_in(message)


def test_a_member_changes_the_password_from_the_account_pages(client, verified_user, password):
    client.force_login(verified_user)

    page = client.get(reverse("account_change_password"))
    assert page.status_code == 200
    assert "Changer de mot de passe" in page.text
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.check_password(NEW_PASSWORD)
    assert is_logged_in(client)


def test_a_password_change_needs_the_current_password(client, verified_user):
    client.force_login(verified_user)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "pas-le-bon", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "votre mot de passe actuel." in response.text
    assert "id_oldpassword_error" in described_by(response.text, "id_oldpassword")


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(
    client, verified_user, password
):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": verified_user.email, "password": "pas-le-bon"})

    response = client.post(reverse("account_login"), {"login": verified_user.email, "password": password})

    assert response.status_code == 200
    assert "Trop de tentatives de connexion échouées" in response.text
    assert not is_logged_in(client)


def test_a_stranger_guessing_wrong_passwords_does_not_lock_the_member_out(client, verified_user, password):
    for _ in range(5):
        client.post(
            reverse("account_login"),
            {"login": verified_user.email, "password": "pas-le-bon"},
            REMOTE_ADDR="203.0.113.66",
        )

    response = client.post(
        reverse("account_login"),
        {"login": verified_user.email, "password": password},
        REMOTE_ADDR="198.51.100.23",
    )

    assert response.status_code == 302
    assert is_logged_in(client)


def test_repeated_login_attempts_from_one_address_end_with_a_french_429_page(client, verified_user):
    # allauth allows 30 login attempts a minute per IP address ("login" rate limit).
    statuses = [
        client.post(
            reverse("account_login"), {"login": verified_user.email, "password": "pas-le-bon"}
        ).status_code
        for _ in range(30)
    ]
    assert set(statuses) == {200}

    response = client.post(reverse("account_login"), {"login": verified_user.email, "password": "pas-le-bon"})

    assert response.status_code == 429
    assert "Trop de tentatives" in response.text
    assert 'lang="fr"' in response.text


def test_the_rate_limits_do_not_leak_from_one_test_to_the_next(client, verified_user, password):
    # Runs after the tests above have exhausted the limits for the same address.
    response = client.post(reverse("account_login"), {"login": verified_user.email, "password": password})

    assert response.status_code == 302


def test_the_admin_login_sends_staff_through_the_allauth_login(client, db):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login") + "?next=")


def test_a_member_without_staff_status_cannot_reach_the_admin(client, verified_user):
    client.force_login(verified_user)

    response = client.get(reverse("admin:index"), follow=True)

    assert response.status_code == 403


def test_staff_reach_the_admin_after_logging_in_with_their_second_factor(client, staff, password):
    client.post(reverse("account_login"), {"login": staff.email, "password": password})
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
    ],
)
def test_every_public_account_page_is_in_french_with_one_title(client, db, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert 'lang="fr"' in response.text
    assert response.text.count("<h1") == 1
    for english in ("Sign In", "Sign Up", "Password Reset", "Forgot your password", "Email address"):
        assert english not in response.text


@pytest.mark.parametrize("url_name", ["account_email", "account_change_password", "account_logout"])
def test_every_account_management_page_is_in_french_with_one_title(client, verified_user, url_name):
    client.force_login(verified_user)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert response.text.count("<h1") == 1
    for english in ("Sign Out", "Email Addresses", "Change Password", "Make Primary", "Remove"):
        assert english not in response.text


def test_logging_in_leads_to_the_members_space(client, verified_user, password):
    response = client.post(reverse("account_login"), {"login": verified_user.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("members:space")


def test_logging_in_from_a_page_that_asked_for_it_goes_back_to_that_page(client, verified_user, password):
    wanted = reverse("events:my_registrations")
    response = client.post(
        reverse("account_login") + f"?next={wanted}", {"login": verified_user.email, "password": password}
    )
    assert response["Location"] == wanted
