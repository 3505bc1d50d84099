"""The change of year with the real dues: a member that keeps paying keeps a valid licence.

Renewal invoices go out in December and fall due at the end of January, with a grace
period after that (DESIGN: the licence is valid while the dues are "paid or within the
grace period"). A member who paid last year must not see its products declared
"not valid" on 1 January because this year's invoice is not paid yet.
"""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from dues import reminders
from dues import services as dues
from dues.models import Invoice, Payment
from licensing.models import LogoLicense
from members import lifecycle
from members.models import Company
from tests.factories.dues import fee_schedules, renewing_company
from tests.factories.members import accepted_company
from tests.pages import page_text

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


def verdict(client, code: str) -> str:
    text = page_text(client.get(reverse("licensing:verify", args=[code])))
    return "non valide" if "Licence non valide" in text else "valide"


@pytest.fixture
def paid_up_2027(staff):
    """A member since 2020 whose 2027 dues are paid: its 2027 licence is active."""
    fee_schedules(2027)
    fee_schedules(2028)
    company = renewing_company()
    with time_machine.travel(date(2027, 1, 5), tick=False):
        invoice = dues.invoice_issue(company=company, year=2027, acting_user=None)
        record_transfer(invoice, staff, date(2027, 1, 5))
    licence = LogoLicense.objects.get(company=company, year=2027)
    assert licence.status == Status.ACTIVE
    return company


def test_a_paid_up_member_keeps_a_valid_licence_through_the_new_year_until_its_grace_period_ends(
    client, staff, paid_up_2027
):
    company = paid_up_2027
    code = LogoLicense.objects.get(company=company, year=2027).code

    with time_machine.travel(date(2027, 12, 1), tick=False):
        dues.dues_renew()
    renewal = Invoice.objects.get(company=company, year=2028)

    with time_machine.travel(date(2028, 1, 2), tick=False):
        call_command("licence_expire")
        assert verdict(client, code) == "valide"
        next_year = LogoLicense.objects.get(company=company, year=2028)
        assert next_year.code == code
        assert next_year.status == Status.ACTIVE
        assert next_year.is_valid

    # Still unpaid after the due date plus the grace period: the member lapses, the licence follows.
    with time_machine.travel(date(2028, 4, 15), tick=False):
        assert reminders.dues_lapse() == 1
        next_year.refresh_from_db()
        assert next_year.status == Status.SUSPENDED
        assert verdict(client, code) == "non valide"

        record_transfer(renewal, staff, date(2028, 4, 15))
        company.refresh_from_db()
        next_year.refresh_from_db()
        assert company.status == Company.Status.ACTIVE
        assert next_year.status == Status.ACTIVE
        assert verdict(client, code) == "valide"


def test_a_suspended_member_reactivated_within_the_grace_period_gets_its_licence_back(
    client, staff, paid_up_2027
):
    company = paid_up_2027
    with time_machine.travel(date(2027, 12, 1), tick=False):
        dues.dues_renew()
    with time_machine.travel(date(2028, 2, 10), tick=False):
        lifecycle.company_suspend(company=company, acting_user=staff, reason="Contrôle qualité")
        licence = LogoLicense.objects.get(company=company, year=2028)
        assert licence.status == Status.SUSPENDED
        lifecycle.company_reactivate(company=company, acting_user=staff)
        licence.refresh_from_db()
        assert licence.status == Status.ACTIVE


def test_a_member_reactivated_after_its_grace_period_waits_for_the_payment(staff, paid_up_2027):
    company = paid_up_2027
    with time_machine.travel(date(2027, 12, 1), tick=False):
        dues.dues_renew()
    with time_machine.travel(date(2028, 2, 10), tick=False):
        lifecycle.company_suspend(company=company, acting_user=staff, reason="Contrôle qualité")
    with time_machine.travel(date(2028, 5, 2), tick=False):  # due 31 January + 60 days: overdue
        lifecycle.company_reactivate(company=company, acting_user=staff)
        licence = LogoLicense.objects.get(company=company, year=2028)
        assert licence.status == Status.SUSPENDED
        assert "paiement" in licence.status_reason


@time_machine.travel(date(2027, 4, 10), tick=False)
def test_a_new_members_first_licence_still_waits_for_its_first_payment(client, staff):

    fee_schedules(2027)
    company = accepted_company(reviewer=staff)
    licence = LogoLicense.objects.get(company=company)
    assert licence.status == Status.SUSPENDED
    assert verdict(client, licence.code) == "non valide"
