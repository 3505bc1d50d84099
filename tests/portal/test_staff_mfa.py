"""Staff accounts use a second factor (an authenticator app, TOTP): without one, staff are sent to
set it up before anything else; with one, the login (the admin's too) asks for its code."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse

from members.models import User
from tests.factories.events import EventFactory
from tests.factories.members import UserFactory, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_staff(verified_user):
    """Made staff by an update (no save): no authenticator app yet, as after createsuperuser."""
    User.objects.filter(pk=verified_user.pk).update(is_staff=True, is_superuser=True)
    verified_user.refresh_from_db()
    return verified_user


def log_in(client, user, password):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_staff_without_a_second_factor_are_sent_to_set_it_up_before_the_admin(client, new_staff, password):
    log_in(client, new_staff, password)

    for url in [reverse("admin:index"), reverse("admin:members_company_changelist"), "/"]:
        assert client.get(url)["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before an authenticator is added, then shows why.
    page = client.get(reverse("admin:index"), follow=True)
    assert "second facteur" in page.text


def test_once_the_app_is_set_up_staff_reach_the_admin(client, new_staff, password):
    log_in(client, new_staff, password)
    assert client.get(reverse("mfa_activate_totp")).status_code == 302  # password again first
    client.post(reverse("account_reauthenticate"), {"password": password})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in page.text  # the QR code to scan
    secret = client.session[SECRET_SESSION_KEY]

    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert Authenticator.objects.filter(user=new_staff, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_login_asks_staff_for_the_code_of_their_app(client, staff, password):
    response = log_in(client, staff, password)

    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # not logged in yet

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302

    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_code_cannot_be_used_twice(client, staff, password):
    code = totp_code()
    log_in(client, staff, password)
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.post(reverse("account_logout"))

    log_in(client, staff, password)
    client.post(reverse("mfa_authenticate"), {"code": code})

    assert client.get(reverse("admin:index")).status_code == 302


def test_the_staff_pages_outside_the_admin_also_need_the_second_factor(client, new_staff):
    client.force_login(new_staff)

    response = client.get(reverse("events:check_in", args=["une-soiree"]))

    assert response["Location"] == reverse("mfa_activate_totp")


def test_members_are_not_asked_for_a_second_factor(client, verified_user, password):
    response = log_in(client, verified_user, password)

    assert response.status_code == 302
    assert response["Location"] != reverse("mfa_authenticate")
    assert client.get(reverse("members:space")).status_code in {200, 302}
    assert client.get(reverse("members:space")).get("Location") != reverse("mfa_activate_totp")


def test_a_new_staff_account_made_in_the_tests_has_the_app_already(db):
    user = UserFactory(is_staff=True)

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_staff_who_remove_their_app_are_sent_to_set_one_up_again(client, staff, password):
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
    client.post(reverse("account_reauthenticate"), {"password": password})

    client.post(reverse("mfa_deactivate_totp"))

    assert not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")


def test_a_superuser_who_is_not_staff_reaches_no_staff_page_without_a_second_factor(
    client, verified_user, password
):
    """Every permission, hence the check-in and other staff pages outside the admin: a second factor too."""

    User.objects.filter(pk=verified_user.pk).update(is_superuser=True)
    event = EventFactory()
    log_in(client, verified_user, password)

    response = client.get(reverse("events:check_in", args=[event.slug]))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
