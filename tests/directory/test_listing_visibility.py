"""The public sees a listing when the rule says so, and the flag follows every event that changes an input:
a status change, a new charter version and its signature, an invoice paid, cancelled or lapsed, the member
hiding its listing; the daily directory_reindex catches what only time changes and repairs a stray flag."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from charter import services as charter
from directory import services
from directory.models import Listing
from members import lifecycle
from members.models import Company
from tests.factories.charter import CharterVersionFactory, current_charter
from tests.factories.directory import listed_company, listing_of
from tests.factories.dues import issued_invoice
from tests.factories.members import owner_of

pytestmark = pytest.mark.django_db


def is_public(company: Company) -> bool:
    return Listing.objects.listed().filter(company=company).exists()


def shown_total(client) -> int:
    return client.get(reverse("directory:list")).context["results"].total


def test_suspension_hides_the_listing_and_reactivation_shows_it_again(client, staff):
    company = listed_company("Scierie du Risoux")
    assert shown_total(client) == 1

    lifecycle.company_suspend(company=company, acting_user=staff, reason="Contrôle qualité")
    assert not is_public(company)
    assert shown_total(client) == 0, "the cached counts of the list follow at once"
    assert client.get(listing_of(company).get_absolute_url()).status_code == 404

    lifecycle.company_reactivate(company=company, acting_user=staff)
    assert is_public(company)
    assert shown_total(client) == 1


def test_a_new_charter_version_keeps_members_until_its_deadline_then_only_its_signers(client, staff):
    signed = listed_company("Fruitière de Chapelle")
    other = listed_company("Atelier Prost")
    version = CharterVersionFactory(number=2, published_at=None)
    assert is_public(signed) and is_public(other), "a draft changes nothing"

    deadline = date.today() + timedelta(30)
    charter.charter_publish(version=version, acting_user=staff, signing_deadline=deadline)
    assert is_public(signed) and is_public(other), "the campaign is open: the previous signature counts"

    charter.charter_sign(
        company=signed,
        version=version,
        acting_user=owner_of(signed),
        full_name="Camille Vuillet",
        ip_address="203.0.113.7",
        user_agent="test",
    )
    assert is_public(signed) and is_public(other)
    assert shown_total(client) == 2

    with time_machine.travel(deadline + timedelta(days=1)):
        call_command("directory_reindex", "--public-only")
        assert is_public(signed)
        assert not is_public(other)
        assert shown_total(client) == 1


def test_a_listing_follows_its_invoices_paid_lapsed_and_cancelled(settings, staff):
    from dues import reminders
    from dues import services as dues
    from dues.models import Payment

    with time_machine.travel(date(2027, 1, 5), tick=False) as traveller:
        current_charter()
        company = listed_company("Fromagerie Jeunet")
        first = issued_invoice(company, year=2027, today=date(2027, 1, 5))
        after_grace = first.due_on + timedelta(days=settings.DUES_GRACE_DAYS + 1)
        traveller.move_to(after_grace)

        reminders.dues_lapse(today=after_grace)  # the daily job: the member lapses, its listing goes
        assert Company.objects.get(pk=company.pk).status == Company.Status.LAPSED
        assert not is_public(company)

        dues.payment_record_transfer(
            invoice=first,
            method=Payment.Provider.TRANSFER,
            amount_cents=first.amount_cents,
            received_on=after_grace,
            reference="VIR-7",
            acting_user=staff,
        )
        assert is_public(company), "paid: reactivated and listed again"

        second = issued_invoice(company, year=2028, today=after_grace)
        traveller.move_to(second.due_on + timedelta(days=settings.DUES_GRACE_DAYS + 1))
        call_command("directory_reindex", "--public-only")
        assert not is_public(company), "unpaid past the grace period, seen by the daily reindex"

        dues.invoice_cancel(invoice=second, reason="Erreur de tranche", acting_user=staff)
        assert is_public(company), "the credit note cancels what was owed"


def test_hiding_the_listing_from_the_member_space_hides_it_at_once(client):
    company = listed_company("Menuiserie Girard")

    services.listing_update(company=company, acting_user=owner_of(company), changes={"is_listed": False})
    assert not is_public(company)
    assert client.get(reverse("directory:list"), {"q": "girard"}).context["results"].total == 0

    services.listing_update(company=company, acting_user=owner_of(company), changes={"is_listed": True})
    assert is_public(company)


def test_the_daily_reindex_repairs_a_flag_changed_behind_the_apps_back():
    listed = listed_company("Menuiserie Girard")
    hidden = listed_company("Atelier Bailly")
    Company.objects.filter(pk=hidden.pk).update(status=Company.Status.RESIGNED)  # no signal
    Listing.objects.filter(company=listed).update(is_public=False)

    call_command("directory_reindex", "--public-only")

    assert is_public(listed)
    assert not is_public(hidden)
