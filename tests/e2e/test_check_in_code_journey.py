"""Check-in at the door on a phone: staff type the code of a person's pass; the page passes axe-core."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from events import checkin, services
from events.models import Registration
from tests.browser import enter_second_factor, screenshot
from tests.factories.events import EventFactory
from tests.factories.members import new_member


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Courriel").fill(email)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_staff_check_someone_in_by_typing_the_code_of_their_pass(phone_page: Page, staff, password):
    event = EventFactory(title="Soirée des entrepreneurs", capacity=40)
    people = [
        services.registration_create_for_member(event=event, acting_user=new_member())[0] for _ in range(25)
    ]
    last = sorted(people, key=lambda r: r.name)[-1]  # far down the list

    page = phone_page
    page.goto(reverse("events:check_in", kwargs={"slug": event.slug}))
    log_in(page, staff.email, password)
    enter_second_factor(page)
    expect(page.locator("#compteur")).to_have_text("0 présent(s) sur 25 inscrit(s)")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    page.get_by_label("Code d'entrée (sur le billet reçu par e-mail)").fill(checkin.code(last.pk).lower())
    page.get_by_role("button", name="Pointer ce code").click()

    expect(page.locator("#compteur")).to_have_text("1 présent(s) sur 25 inscrit(s)")
    expect(
        page.get_by_role("alert").or_(page.get_by_role("status")).filter(has_text="est pointé(e) présent(e)")
    ).to_be_visible()
    # The page opens at the person's row, not at the top of the list.
    row = page.locator(f"#inscrit-{last.pk}")
    expect(row).to_contain_text("Présent")
    expect(row).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0
    screenshot(page, "event-check-in-by-code-phone")
    last.refresh_from_db()
    assert last.status == Registration.Status.ATTENDED
