"""Staff screens on the screens staff use: the application review page passes axe-core on a phone, and
the busiest change lists show their key column within a 1280 px wide screen (no sideways scroll)."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from events.models import Event
from members.models import Commune, Epci
from tests.browser import enter_second_factor, screenshot
from tests.factories.charter import publish_charter
from tests.factories.dues import issued_invoice
from tests.factories.events import EventFactory
from tests.factories.members import (
    in_review_application,
    submitted_application,
)


def log_in_staff(page: Page, staff, password: str) -> None:
    page.goto(reverse("admin:index"))
    page.get_by_label("Courriel").fill(staff.email)
    page.get_by_label(re.compile(r"Mot de passe\W*$")).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    if "admin" not in page.url or page.get_by_label("Code").count():
        enter_second_factor(page)


def test_the_application_review_page_passes_axe_on_a_phone(phone_page: Page, staff, password):
    publish_charter(staff, 1)
    application = in_review_application(reviewer=staff, legal_name="Bois du Risoux")

    log_in_staff(phone_page, staff, password)
    phone_page.goto(reverse("admin:members_application_change", args=[application.pk]))
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(phone_page, "application-review-phone")

    results = Axe().run(phone_page)
    assert results.violations_count == 0, results.generate_report()


def fits(page: Page, column: str) -> dict:
    """Where the visible part of the results ends, where the column's header ends, what is cut off."""
    return page.evaluate(
        """(column) => {
            const results = document.querySelector('#changelist .results');
            const header = document.querySelector('#result_list thead th.column-' + column);
            return {
                visibleRight: Math.min(results.getBoundingClientRect().right, window.innerWidth),
                headerRight: header.getBoundingClientRect().right,
                hiddenWidth: results.scrollWidth - results.clientWidth,
                scrollWidth: document.documentElement.scrollWidth,
            };
        }""",
        column,
    )


@pytest.mark.parametrize(
    ("changelist", "column"),
    [
        ("admin:members_application_changelist", "waiting"),
        ("admin:dues_invoice_changelist", "due_on"),
        ("admin:events_event_changelist", "seats"),
    ],
)
def test_the_change_lists_fit_a_1280_px_screen(page: Page, staff, password, changelist, column):
    page.set_viewport_size({"width": 1280, "height": 900})
    if column == "waiting":
        publish_charter(staff, 1)
        submitted_application(legal_name="Ébénisterie des Grandes Montagnes du Haut-Jura SARL")
    elif column == "due_on":
        issued_invoice(year=timezone.localdate().year, today=timezone.localdate())
    else:
        EventFactory(title="Rencontre des artisans du bois et de la pierre du Haut-Jura", capacity=40)
        EventFactory(title="Soirée passée", starts_at=timezone.now() - timedelta(days=3))

    # Names as long as the Jura's real ones.
    Epci.objects.update(name="Communauté de communes Champagnole Nozeroy Jura")
    Commune.objects.update(name="Saint-Laurent-en-Grandvaux")
    Event.objects.update(venue_name="Maison de l'entreprise et de l'artisanat du Haut-Jura")
    log_in_staff(page, staff, password)
    page.goto(reverse(changelist))
    expect(page.locator("#result_list tbody tr").first).to_be_visible()
    screenshot(page, f"changelist-1280-{column}")

    box = fits(page, column)
    assert box["headerRight"] <= box["visibleRight"], box  # the key column is in sight
    assert box["hiddenWidth"] <= 0, box  # nothing of the results table is cut off to the right
    assert box["scrollWidth"] <= 1280, box
