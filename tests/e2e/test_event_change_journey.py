"""Staff move an event in the admin, confirm, and the people coming are emailed the new time with the
updated .ics; the confirmation page passes axe-core."""

import re

import icalendar
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from events import services
from tests.browser import enter_second_factor
from tests.factories.events import EventFactory
from tests.factories.members import new_member


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Courriel").fill(email)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_staff_move_an_event_and_notify_the_people_coming(page: Page, staff, password):
    event = EventFactory(title="Visite de la tournerie")
    for _ in range(2):
        services.registration_create_for_member(event=event, acting_user=new_member())
    mail.outbox.clear()
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(reverse("admin:events_event_change", args=[event.pk]))
    log_in(page, staff.email, password)
    enter_second_factor(page)
    page.goto(reverse("admin:events_event_change", args=[event.pk]))
    page.locator("#id_starts_at_1").fill("09:00:00")
    page.locator("#id_ends_at_1").fill("11:00:00")
    page.locator("#id_venue_name").fill("Tournerie Vuillet")
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(page.get_by_role("button", name="Prévenir 2 personnes")).to_be_visible()
    assert mail.outbox == []
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name="Prévenir 2 personnes").click()

    expect(page.get_by_text("2 personne(s) prévenue(s) par e-mail")).to_be_visible()
    assert len(mail.outbox) == 2
    [(_name, content, _type)] = [a for a in mail.outbox[0].attachments if a[2] == "text/calendar"]
    [item] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert timezone.localtime(item.decoded("dtstart")).strftime("%H:%M") == "09:00"
    assert "Tournerie Vuillet" in str(item["location"])
    assert int(item["sequence"]) == 1
