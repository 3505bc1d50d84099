"""A member's year walked with the real jobs: what the public sees the day a former debtor pays."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from directory.models import Listing
from dues import services as dues
from dues.models import Invoice, Payment
from licensing.models import LogoLicense
from members.models import Company
from tests.factories.directory import listed_company, listing_of
from tests.factories.dues import fee_schedules
from tests.pages import page_text

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def at(day: date, hour: int = 11) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def test_a_member_lapsed_last_year_that_pays_in_january_is_listed_with_a_valid_licence_at_once(staff):
    fee_schedules(2026)
    fee_schedules(2027)
    with time_machine.travel(at(date(2026, 1, 5)), tick=False):
        company = listed_company("Tournerie Grandclément", member_since=date(2020, 3, 1))
        invoice = dues.invoice_issue(company=company, year=2026, acting_user=None)
    for day in (date(2026, 5, 1), date(2026, 12, 1)):  # lapsed in spring; the December renewal skips it
        with time_machine.travel(at(day, 7), tick=False):
            call_command("dues_lapse")
            call_command("dues_renew")
    company.refresh_from_db()
    assert company.status == Company.Status.LAPSED
    assert not Invoice.objects.filter(company=company, year=2027).exists()
    public = Client()

    with time_machine.travel(at(date(2027, 1, 10)), tick=False):
        member_page = listing_of(company).get_absolute_url()
        public.get(member_page)  # the page as stored while the company was lapsed
        dues.payment_record_transfer(
            invoice=invoice,
            method=Payment.Provider.TRANSFER,
            amount_cents=invoice.amount_cents,
            received_on=date(2027, 1, 9),
            reference="VIR-2026",
            acting_user=staff,
        )
        company.refresh_from_db()
        assert company.status == Company.Status.ACTIVE
        assert Listing.objects.listed().filter(company=company).exists()
        licence = LogoLicense.objects.filter(company=company).order_by("-year").first()
        assert licence.year == 2027  # this year's licence, with this year's invoice
        verify = page_text(public.get(reverse("licensing:verify", args=[licence.code])))
        assert "Licence valide" in verify
        assert public.get(member_page).status_code == 200
        assert Invoice.objects.filter(company=company, year=2027, status=Invoice.Status.ISSUED).exists()
