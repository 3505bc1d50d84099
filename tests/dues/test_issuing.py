"""Invoices are issued on acceptance (the first year prorated by quarter) and each year by `dues_renew`."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from dues import services as dues_services
from dues.errors import DuesError
from dues.models import Invoice
from members import services as members_services
from members.models import Application, Company
from tests.factories.dues import fee_schedules, renewing_company
from tests.factories.members import accepted_company, in_review_application

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=PARIS), tick=False)


def test_an_accepted_member_receives_its_first_invoice_prorated_by_quarter(
    staff, django_capture_on_commit_callbacks
):
    fee_schedules(2027, 24_000)
    with on(date(2027, 5, 10)), django_capture_on_commit_callbacks(execute=True):
        company = accepted_company(reviewer=staff)

    [invoice] = company.invoices.all()
    assert invoice.kind == Invoice.Kind.FIRST
    assert (invoice.year, invoice.amount_cents) == (2027, 18_000)  # April to December: 3 quarters of 4
    assert (invoice.period_start, invoice.period_end) == (date(2027, 4, 1), date(2027, 12, 31))
    assert (invoice.issued_on, invoice.due_on) == (date(2027, 5, 10), date(2027, 6, 9))
    assert invoice.number == "MIJ-2027-00001"
    assert (invoice.buyer_name, invoice.buyer_siret) == (company.legal_name, company.siret)
    assert "3 trimestre(s) sur 4" in invoice.description
    assert any(invoice.number in message.subject for message in mail.outbox)


def test_with_full_year_proration_a_late_member_pays_the_whole_year(staff, settings):
    settings.DUES_PRORATION = "full"
    fee_schedules(2027, 24_000)
    with on(date(2027, 11, 20)):
        company = accepted_company(reviewer=staff)
    assert company.invoices.get().amount_cents == 24_000


def test_without_a_fee_schedule_acceptance_goes_through_and_the_invoice_follows_once_staff_set_it(staff):
    with on(date(2027, 5, 10)):
        company = accepted_company(reviewer=staff)
    assert company.status == Company.Status.ACTIVE
    assert not company.invoices.exists()

    fee_schedules(2027, 24_000)
    with on(date(2027, 5, 12)):
        call_command("dues_renew", stdout=None)

    invoice = company.invoices.get()
    assert (invoice.kind, invoice.amount_cents) == (Invoice.Kind.FIRST, 18_000)


def test_renewals_go_out_from_the_first_of_december_to_members_only_and_once():
    fee_schedules(2027)
    fee_schedules(2028, 26_000)
    active = renewing_company()
    suspended = renewing_company(status=Company.Status.SUSPENDED)
    renewing_company(status=Company.Status.LAPSED)
    renewing_company(status=Company.Status.RESIGNED)
    renewing_company(status=Company.Status.APPLICANT, member_number=None, member_since=None)
    for company in (active, suspended):
        Invoice.objects.filter(company=company).exists()  # no invoice yet
    with on(date(2027, 1, 2)):
        call_command("dues_renew")  # the 2027 invoices of the two members
    assert Invoice.objects.filter(year=2027).count() == 2

    with on(date(2027, 11, 30)):
        call_command("dues_renew")
    assert not Invoice.objects.filter(year=2028).exists()

    with on(date(2027, 12, 1)):
        call_command("dues_renew")
        call_command("dues_renew")

    renewals = Invoice.objects.filter(year=2028).order_by("number")
    assert {invoice.company for invoice in renewals} == {active, suspended}
    for invoice in renewals:
        assert invoice.kind == Invoice.Kind.RENEWAL
        assert invoice.amount_cents == 26_000
        assert (invoice.issued_on, invoice.due_on) == (date(2027, 12, 1), date(2028, 1, 31))
        assert invoice.number.startswith("MIJ-2027-")


def test_a_member_whose_invoice_was_cancelled_is_not_invoiced_again_by_the_job(staff):
    from dues import services

    fee_schedules(2027)
    company = renewing_company()
    invoice = services.invoice_issue(company=company, year=2027, acting_user=staff, today=date(2027, 1, 2))
    services.invoice_cancel(invoice=invoice, reason="Exonérée par le bureau", acting_user=staff)

    with on(date(2027, 1, 3)):
        call_command("dues_renew")

    assert company.invoices.count() == 1


def test_a_first_invoice_that_cannot_be_issued_refuses_the_acceptance_as_a_whole(staff, monkeypatch):
    fee_schedules(2027, 24_000)
    with on(date(2027, 5, 10)):
        application = in_review_application(reviewer=staff)
    application.checked_location = application.checked_quality = application.checked_ethics = True
    application.save()

    def refuse(**kwargs):
        raise DuesError("Numérotation indisponible")

    monkeypatch.setattr(dues_services, "invoice_issue", refuse)

    with on(date(2027, 5, 10)), pytest.raises(DuesError, match="Numérotation indisponible"):
        members_services.application_accept(application=application, acting_user=staff)

    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    assert application.company.status == Company.Status.APPLICANT
    assert application.company.member_number is None
    assert not Invoice.objects.exists()
