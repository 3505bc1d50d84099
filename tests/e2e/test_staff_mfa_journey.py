"""A new staff member logs in, is sent to set up an authenticator app, scans the QR code (here: reads
the secret), types the app's code and reaches the admin."""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from members.models import User
from tests.browser import heading, screenshot
from tests.factories.members import totp_code


def test_a_new_staff_member_sets_up_the_authenticator_app_then_reaches_the_admin(
    page: Page, verified_user, password
):
    User.objects.filter(pk=verified_user.pk).update(is_staff=True, is_superuser=True)

    page.goto(reverse("admin:index"))
    page.get_by_label("Courriel").fill(verified_user.email)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name="Se connecter").click()

    # Why, then allauth asks for the password again before adding an authenticator.
    expect(page.get_by_role("main")).to_contain_text("second facteur")
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name=re.compile("Confirmer")).click()

    expect(heading(page)).to_have_text("Activer l'application d'authentification")
    qr = page.get_by_role("img")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the QR code is drawn (CSP allows data: images)
    screenshot(page, "staff-mfa-activate")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label(re.compile("Code de l'authentificateur")).fill(totp_code(secret))
    page.get_by_role("button", name="Activer").click()

    page.goto(reverse("admin:index"))
    expect(heading(page)).to_have_text("Gestion du réseau")
