"""Who the public finds in the directory: active, charter in force signed, dues in order, chose to be listed.

The rule (directory.models.listed_companies_q) is written onto each listing
(`is_public`) whenever one of its inputs changes: test_listing_visibility.py
follows each event; here a direct `update()` is followed by the re-evaluation
those events trigger (`listing_refresh_public`).
"""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from directory import services
from directory.models import Listing
from members import lifecycle
from members.models import Company
from tests.factories.charter import CharterVersionFactory
from tests.factories.directory import listed_company, listing_of, unlist
from tests.factories.dues import issued_invoice
from tests.factories.members import accepted_company

pytestmark = pytest.mark.django_db


def listed_names() -> set[str]:
    return {listing.company.display_name for listing in Listing.objects.listed()}


def test_an_active_member_that_signed_the_charter_in_force_is_listed(client):
    company = listed_company("Menuiserie Girard")

    assert listed_names() == {"Menuiserie Girard"}
    assert client.get(listing_of(company).get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "status",
    [Company.Status.SUSPENDED, Company.Status.LAPSED, Company.Status.RESIGNED, Company.Status.EXCLUDED],
)
def test_a_member_in_any_other_status_is_not_listed(client, status):
    company = listed_company("Menuiserie Girard")
    Company.objects.filter(pk=company.pk).update(status=status)
    services.listing_refresh_public(company=company)

    assert listed_names() == set()
    assert client.get(listing_of(company).get_absolute_url()).status_code == 404
    assert client.get(reverse("directory:list"), {"q": "girard"}).context["results"].total == 0


def test_a_member_that_has_not_signed_the_charter_in_force_is_not_listed():
    listed_company("Menuiserie Girard")  # signed version 1
    CharterVersionFactory(number=2)  # version 2 is now in force

    assert listed_names() == set()


def test_a_member_that_chose_not_to_be_listed_is_not(client):
    company = listed_company("Menuiserie Girard")
    unlist(company)

    assert listed_names() == set()


def test_an_applicant_has_no_listing():
    listed_company("Menuiserie Girard")
    company = listed_company("Atelier candidat")
    Company.objects.filter(pk=company.pk).update(status=Company.Status.APPLICANT)
    services.listing_refresh_public(company=company)

    assert listed_names() == {"Menuiserie Girard"}


def test_acceptance_gives_the_new_member_a_listing_and_suspension_removes_it(staff):
    CharterVersionFactory(number=1)
    company = accepted_company(reviewer=staff, legal_name="Scierie du Risoux")

    assert listed_names() == {"Scierie du Risoux"}
    assert listing_of(company).search_name == "scierie du risoux"

    lifecycle.company_suspend(company=company, acting_user=staff, reason="Contrôle qualité")
    assert listed_names() == set()

    lifecycle.company_reactivate(company=company, acting_user=staff)
    assert listed_names() == {"Scierie du Risoux"}


def test_unpaid_dues_past_the_grace_period_remove_a_member_from_the_directory(settings, staff):
    """The grace period ends with time alone: the daily directory_reindex (after dues_lapse) sees it."""
    from dues import services as dues_services
    from dues.models import Payment

    with time_machine.travel(date(2027, 1, 5), tick=False) as traveller:
        company = listed_company("Menuiserie Girard")
        invoice = issued_invoice(company, year=2027, today=date(2027, 1, 5))
        assert listed_names() == {"Menuiserie Girard"}, "an invoice just issued"

        traveller.move_to(invoice.due_on + timedelta(days=settings.DUES_GRACE_DAYS - 1))
        call_command("directory_reindex", "--public-only")
        assert listed_names() == {"Menuiserie Girard"}, "unpaid but within the grace period"

        traveller.move_to(invoice.due_on + timedelta(days=settings.DUES_GRACE_DAYS + 1))
        call_command("directory_reindex", "--public-only")
        assert listed_names() == set(), "unpaid past the grace period"

        invoice.refresh_from_db()
        dues_services.payment_record_transfer(
            invoice=invoice,
            method=Payment.Provider.TRANSFER,
            amount_cents=invoice.amount_cents,
            received_on=invoice.due_on + timedelta(days=settings.DUES_GRACE_DAYS + 1),
            reference="VIR-42",
            acting_user=staff,
        )
        assert listed_names() == {"Menuiserie Girard"}, "paid"
