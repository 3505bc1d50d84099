"""The licence follows the member: acceptance, payment, suspension, lapse, reactivation, departure, expiry."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from jura_portal.models import AuditEntry
from licensing import services
from licensing.errors import LicensingError
from licensing.models import LogoLicense
from members import lifecycle
from members.models import Company
from tests.factories.licensing import issue, licence_of, pay
from tests.factories.members import CompanyFactory, accepted_company

Status = LogoLicense.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(staff):
    with time_machine.travel(date(2027, 3, 15), tick=False):
        return accepted_company(reviewer=staff)


@time_machine.travel(date(2027, 3, 15), tick=False)
def test_acceptance_gives_a_licence_for_the_year_suspended_until_the_dues_are_paid(accepted):
    licence = LogoLicense.objects.get(company=accepted)
    assert licence.year == 2027
    assert licence.status == Status.SUSPENDED
    assert "paiement" in licence.status_reason
    assert (licence.valid_from, licence.valid_until) == (date(2027, 3, 15), date(2027, 12, 31))
    assert len(licence.code) == 12 and licence.code.isalnum() and licence.code.isupper()
    assert not set(licence.code) & set("01OIL")


@time_machine.travel(date(2027, 3, 20), tick=False)
def test_paying_the_first_invoice_activates_the_licence_and_tells_the_member(
    accepted, staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pay(accepted, year=2027, actor=staff)
    licence = LogoLicense.objects.get(company=accepted)
    assert licence.status == Status.ACTIVE
    assert licence.paid_at is not None
    # The invoice covers the membership year, but never before the company became a member.
    assert (licence.valid_from, licence.valid_until) == (date(2027, 3, 15), date(2027, 12, 31))
    assert [m.subject for m in mail.outbox] == ["[Made in Jura] Votre licence du logo 2027 est active"]
    assert licence.formatted_code in mail.outbox[0].body


def test_a_payment_notified_twice_activates_once(member_company):
    licence = licence_of(member_company, Status.SUSPENDED)
    pay(member_company)
    pay(member_company)
    licence.refresh_from_db()
    assert licence.status == Status.ACTIVE
    assert AuditEntry.objects.filter(action="licence.activated", target_id=str(licence.pk)).count() == 1


def test_suspending_the_member_suspends_its_licence_and_reactivating_restores_it(member_company, staff):
    licence = licence_of(member_company, Status.ACTIVE)
    lifecycle.company_suspend(company=member_company, acting_user=staff, reason="Contrôle qualité en cours")
    licence.refresh_from_db()
    assert licence.status == Status.SUSPENDED
    assert licence.status_reason == "L'adhésion de l'entreprise est suspendue."

    lifecycle.company_reactivate(company=member_company, acting_user=staff)
    licence.refresh_from_db()
    assert licence.status == Status.ACTIVE


def test_a_lapsed_member_loses_its_licence_until_it_pays(member_company, staff):
    licence = licence_of(member_company, Status.SUSPENDED)  # this year's dues not paid
    lifecycle.company_lapse(company=member_company, acting_user=None, reason="Cotisation impayée")
    licence.refresh_from_db()
    assert licence.status == Status.SUSPENDED
    assert licence.status_reason == "La cotisation de l'entreprise est impayée."

    # Reactivated by staff without payment: still suspended, waiting for the dues.
    lifecycle.company_reactivate(company=member_company, acting_user=staff)
    licence.refresh_from_db()
    assert licence.status == Status.SUSPENDED
    assert "paiement" in licence.status_reason

    pay(member_company)
    licence.refresh_from_db()
    assert licence.status == Status.ACTIVE


def test_a_payment_while_the_member_is_lapsed_waits_for_the_reactivation(member_company, staff):
    licence = licence_of(member_company, Status.SUSPENDED)
    lifecycle.company_lapse(company=member_company, acting_user=None, reason="Cotisation impayée")
    pay(member_company)
    licence.refresh_from_db()
    assert licence.status == Status.SUSPENDED
    lifecycle.company_reactivate(company=member_company, acting_user=None, reason="Paiement reçu")
    licence.refresh_from_db()
    assert licence.status == Status.ACTIVE


@pytest.mark.parametrize(
    "leave",
    [
        lambda company, staff: lifecycle.company_resign(company=company, acting_user=staff),
        lambda company, staff: lifecycle.company_exclude(company=company, acting_user=staff, reason="Fraude"),
    ],
    ids=["resigned", "excluded"],
)
def test_a_member_that_leaves_has_its_licence_revoked(member_company, staff, leave):
    licence = licence_of(member_company, Status.ACTIVE)
    leave(member_company, staff)
    licence.refresh_from_db()
    assert licence.status == Status.REVOKED
    assert AuditEntry.objects.filter(action="licence.revoked", target_id=str(licence.pk)).exists()


def test_a_suspended_member_that_leaves_has_its_licence_revoked_too(member_company, staff):
    licence = licence_of(member_company, Status.ACTIVE)
    lifecycle.company_suspend(company=member_company, acting_user=staff, reason="Enquête")
    lifecycle.company_exclude(company=member_company, acting_user=staff, reason="Fraude avérée")
    licence.refresh_from_db()
    assert licence.status == Status.REVOKED


class MoveFailed(Exception):
    """What makes the member move fail after the suspension, on purpose."""


def test_the_status_follows_the_member_inside_its_transaction(member_company, staff):
    """A member move that fails leaves the licence as it was (the receiver runs in the same transaction)."""
    licence = licence_of(member_company, Status.ACTIVE)

    with pytest.raises(MoveFailed, match="after the suspension"), transaction.atomic():
        lifecycle.company_suspend(company=member_company, acting_user=staff, reason="x")
        licence.refresh_from_db()
        assert licence.status == Status.SUSPENDED  # the receiver ran, inside the transaction
        raise MoveFailed("the move fails after the suspension")

    licence.refresh_from_db()
    assert licence.status == Status.ACTIVE
    assert Company.objects.get(pk=member_company.pk).status == Company.Status.ACTIVE


@time_machine.travel(date(2027, 12, 10), tick=False)
def test_a_renewal_invoice_gives_next_years_licence_with_the_same_code(member_company):
    this_year = licence_of(member_company, Status.ACTIVE)
    issue(member_company, year=2028, kind="renewal")
    next_year = LogoLicense.objects.get(company=member_company, year=2028)
    assert next_year.code == this_year.code  # printed packaging keeps verifying
    # It continues a paid year: active (from 1 January) while the renewal is within its grace period.
    assert next_year.status == Status.ACTIVE
    assert (next_year.valid_from, next_year.valid_until) == (date(2028, 1, 1), date(2028, 12, 31))
    assert next_year.paid_at is None
    pay(member_company, year=2028)
    next_year.refresh_from_db()
    assert next_year.status == Status.ACTIVE
    assert next_year.paid_at is not None


@time_machine.travel(date(2027, 12, 10), tick=False)
def test_a_renewal_after_an_unpaid_year_waits_for_the_payment(member_company):
    licence_of(member_company, Status.SUSPENDED)  # 2027 never paid
    issue(member_company, year=2028, kind="renewal")
    next_year = LogoLicense.objects.get(company=member_company, year=2028)
    assert next_year.status == Status.SUSPENDED
    pay(member_company, year=2028)
    next_year.refresh_from_db()
    assert next_year.status == Status.ACTIVE


def test_a_company_readmitted_after_a_revocation_gets_a_new_code(member_company, staff):
    revoked = licence_of(member_company, Status.REVOKED)
    LogoLicense.objects.filter(pk=revoked.pk).update(year=2000)
    fresh = services.licence_grant(company=member_company, year=revoked.year, acting_user=staff)
    assert fresh.code != revoked.code


def test_an_applicant_cannot_hold_a_licence(db):

    applicant = CompanyFactory(status=Company.Status.APPLICANT, member_number=None)
    with pytest.raises(LicensingError):
        services.licence_grant(company=applicant, year=2027, acting_user=None)
    pay(applicant, year=2027)  # an invoice paid by a non-member gives nothing
    assert not LogoLicense.objects.filter(company=applicant).exists()


def test_staff_revoke_only_with_a_reason_and_the_member_is_told(
    member_company, staff, django_capture_on_commit_callbacks
):
    licence = licence_of(member_company, Status.ACTIVE)
    with pytest.raises(LicensingError, match="motif"):
        services.licence_revoke(licence=licence, acting_user=staff, reason="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.licence_revoke(
            licence=licence, acting_user=staff, reason="Logo apposé sur des produits importés"
        )
    licence.refresh_from_db()
    assert licence.status == Status.REVOKED
    entry = AuditEntry.objects.get(action="licence.revoked", target_id=str(licence.pk))
    assert (entry.actor, entry.from_state, entry.to_state) == (staff, "active", "revoked")
    assert "importés" in entry.comment
    assert "révoquée" in mail.outbox[0].subject
    with pytest.raises(LicensingError, match="déjà révoquée"):
        services.licence_revoke(licence=licence, acting_user=staff, reason="encore")


def test_a_revoked_licence_does_not_come_back_when_the_member_is_reactivated(member_company, staff):
    licence = licence_of(member_company, Status.ACTIVE)
    services.licence_revoke(licence=licence, acting_user=staff, reason="Usage abusif")
    lifecycle.company_suspend(company=member_company, acting_user=staff, reason="Enquête")
    lifecycle.company_reactivate(company=member_company, acting_user=staff)
    licence.refresh_from_db()
    assert licence.status == Status.REVOKED


def test_the_daily_job_expires_licences_after_their_last_day_once(member_company, other_member_company):
    with time_machine.travel(date(2027, 6, 1), tick=False):
        active = licence_of(member_company, Status.ACTIVE)
        suspended = licence_of(other_member_company, Status.SUSPENDED)
    with time_machine.travel(date(2027, 12, 31), tick=False):
        call_command("licence_expire")
        active.refresh_from_db()
        assert active.status == Status.ACTIVE  # still its last day
    with time_machine.travel(date(2028, 1, 1), tick=False):
        call_command("licence_expire")
        call_command("licence_expire")
    active.refresh_from_db()
    suspended.refresh_from_db()
    assert (active.status, suspended.status) == (Status.EXPIRED, Status.EXPIRED)
    assert AuditEntry.objects.filter(action="licence.expired").count() == 2
    assert AuditEntry.objects.filter(action="licence.expired", actor=None).count() == 2


@time_machine.travel(date(2027, 12, 10), tick=False)
def test_a_suspended_member_that_pays_is_not_told_its_licence_awaits_the_payment(member_company, staff):
    licence_of(member_company, Status.ACTIVE)
    lifecycle.company_suspend(company=member_company, acting_user=staff, reason="Contrôle qualité en cours")
    issue(member_company, year=2028, kind="renewal")
    next_year = LogoLicense.objects.get(company=member_company, year=2028)
    assert next_year.status == Status.SUSPENDED
    assert next_year.status_reason == "L'adhésion de l'entreprise est suspendue."

    pay(member_company, year=2028)
    next_year.refresh_from_db()
    assert next_year.status == Status.SUSPENDED
    assert next_year.paid_at is not None
    assert "paiement" not in next_year.status_reason
    assert next_year.status_reason == "L'adhésion de l'entreprise est suspendue."


def test_a_revoked_code_never_comes_back_with_a_later_licence(member_company, staff):
    """Codes carry over from year to year: last year's licence had the code that staff revoked this year."""
    revoked = licence_of(member_company, Status.ACTIVE)
    year = revoked.year
    LogoLicense.objects.create(
        company=member_company,
        year=year - 1,
        code=revoked.code,
        valid_from=date(year - 1, 1, 1),
        valid_until=date(year - 1, 12, 31),
        status=Status.EXPIRED,
    )
    services.licence_revoke(licence=revoked, acting_user=staff, reason="Logo sur des produits importés")
    next_year = services.licence_grant(company=member_company, year=year + 1, acting_user=staff)
    assert next_year.code != revoked.code
