"""The licence and the real dues: the first invoice, a transfer recorded by staff, a lapse paid off."""

from datetime import date

import pytest
import time_machine

from dues import services as dues
from dues.models import Invoice, Payment
from licensing.models import LogoLicense
from members import lifecycle
from members.models import Company
from tests.factories.dues import fee_schedules, issued_invoice, renewing_company
from tests.factories.members import accepted_company

Status = LogoLicense.Status
pytestmark = pytest.mark.django_db


def record_transfer(invoice: Invoice, staff, on: date) -> None:
    dues.payment_record_transfer(
        invoice=invoice,
        method=Payment.Provider.TRANSFER,
        amount_cents=invoice.amount_cents,
        received_on=on,
        reference=f"VIR-{invoice.number}",
        acting_user=staff,
    )


@time_machine.travel(date(2027, 4, 10), tick=False)
def test_a_new_member_can_use_the_logo_once_its_first_invoice_is_paid(staff):
    fee_schedules(2027)
    company = accepted_company(reviewer=staff)
    invoice = Invoice.objects.get(company=company)
    licence = LogoLicense.objects.get(company=company)
    assert (licence.year, licence.status) == (2027, Status.SUSPENDED)

    record_transfer(invoice, staff, date(2027, 4, 10))
    licence.refresh_from_db()
    assert licence.status == Status.ACTIVE
    assert licence.is_valid
    assert licence.valid_from == date(2027, 4, 10)


@time_machine.travel(date(2027, 1, 5), tick=False)
def test_a_renewal_invoice_prepares_the_years_licence_and_its_payment_activates_it(staff):
    company = renewing_company()
    invoice = issued_invoice(company, year=2027, today=date(2027, 1, 5))
    licence = LogoLicense.objects.get(company=company, year=2027)
    assert licence.status == Status.SUSPENDED
    assert (licence.valid_from, licence.valid_until) == (invoice.period_start, invoice.period_end)
    record_transfer(invoice, staff, date(2027, 1, 5))
    licence.refresh_from_db()
    assert licence.status == Status.ACTIVE


@time_machine.travel(date(2027, 5, 1), tick=False)
def test_a_lapsed_member_that_pays_is_reactivated_and_gets_its_licence_back(staff):
    company = renewing_company()
    invoice = issued_invoice(company, year=2027, today=date(2027, 1, 5))
    lifecycle.company_lapse(company=company, acting_user=None, reason="Cotisation impayée")
    record_transfer(invoice, staff, date(2027, 5, 1))
    company.refresh_from_db()
    licence = LogoLicense.objects.get(company=company, year=2027)
    assert company.status == Company.Status.ACTIVE
    assert licence.status == Status.ACTIVE
