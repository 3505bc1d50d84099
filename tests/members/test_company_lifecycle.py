"""Every arrow of the company state machine after acceptance (suspension, lapse, resignation,
exclusion, reactivation), allowed and refused, at the service level."""

import pytest
from django.core import mail

from jura_portal import audit
from jura_portal.models import AuditEntry
from members import lifecycle, services
from members.errors import MembershipError
from members.models import Company
from tests.factories.members import checked_application, submitted_application

pytestmark = pytest.mark.django_db


def last_entry(target) -> AuditEntry:
    return audit.history(target).first()


def accepted_company(reviewer, **kwargs) -> Company:
    application = checked_application(reviewer=reviewer, **kwargs)
    return services.application_accept(application=application, acting_user=reviewer)


def company_entry_states(company: Company) -> tuple:
    entry = last_entry(company)
    return entry.actor, entry.from_state, entry.to_state, entry.comment


def test_a_member_is_suspended_then_reactivated(staff, django_capture_on_commit_callbacks):
    company = accepted_company(staff)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.company_suspend(company=company, acting_user=staff, reason="Contrôle qualité en cours.")
    company.refresh_from_db()
    assert company.status == Company.Status.SUSPENDED
    assert company.status_reason == "Contrôle qualité en cours."
    assert company_entry_states(company) == (staff, "active", "suspended", "Contrôle qualité en cours.")

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.company_reactivate(company=company, acting_user=staff, reason="Contrôle concluant.")
    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE
    assert company_entry_states(company) == (staff, "suspended", "active", "Contrôle concluant.")
    owner_email = company.roles.get().user.email
    assert [message.to for message in mail.outbox] == [[owner_email], [owner_email]]
    assert "suspendue" in mail.outbox[0].subject


def test_a_member_lapses_then_comes_back_on_payment(staff):
    company = accepted_company(staff)

    lifecycle.company_lapse(company=company, acting_user=None, reason="Cotisation 2027 impayée.")
    company.refresh_from_db()
    assert company.status == Company.Status.LAPSED
    assert company_entry_states(company) == (None, "active", "lapsed", "Cotisation 2027 impayée.")

    lifecycle.company_reactivate(company=company, acting_user=None, reason="Cotisation réglée.")
    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE
    assert company_entry_states(company) == (None, "lapsed", "active", "Cotisation réglée.")


def test_a_member_resigns(staff):
    company = accepted_company(staff)
    owner = company.roles.get().user

    lifecycle.company_resign(company=company, acting_user=owner, reason="Départ à la retraite.")

    company.refresh_from_db()
    assert company.status == Company.Status.RESIGNED
    assert company_entry_states(company) == (owner, "active", "resigned", "Départ à la retraite.")


def test_a_member_is_excluded_with_a_reason(staff):
    company = accepted_company(staff)

    lifecycle.company_exclude(company=company, acting_user=staff, reason="Production délocalisée.")

    company.refresh_from_db()
    assert company.status == Company.Status.EXCLUDED
    assert company_entry_states(company) == (staff, "active", "excluded", "Production délocalisée.")


def test_a_suspended_member_may_still_resign(staff):
    company = accepted_company(staff)
    lifecycle.company_suspend(company=company, acting_user=staff, reason="Contrôle.")

    lifecycle.company_resign(company=company, acting_user=staff)

    company.refresh_from_db()
    assert company.status == Company.Status.RESIGNED


def company_snapshot(company: Company) -> tuple:
    company = Company.objects.get(pk=company.pk)
    return company.status, company.status_reason, company.member_number, AuditEntry.objects.count()


@pytest.mark.parametrize(
    ("arrange", "move", "message"),
    [
        (
            [],
            lambda c, u: lifecycle.company_reactivate(company=c, acting_user=u),
            "Seule une entreprise suspendue",
        ),
        (
            ["suspend"],
            lambda c, u: lifecycle.company_suspend(company=c, acting_user=u, reason="Encore."),
            "Seule une entreprise adhérente active peut être suspendue.",
        ),
        (
            ["suspend"],
            lambda c, u: lifecycle.company_lapse(company=c, acting_user=u, reason="Impayé."),
            "défaut de cotisation",
        ),
        (
            [],
            lambda c, u: lifecycle.company_exclude(company=c, acting_user=u, reason=""),
            "Le motif de l'exclusion est obligatoire.",
        ),
        (
            ["resign"],
            lambda c, u: lifecycle.company_exclude(company=c, acting_user=u, reason="Trop tard."),
            "Seule une entreprise adhérente peut être exclue.",
        ),
        (
            ["resign"],
            lambda c, u: lifecycle.company_resign(company=c, acting_user=u),
            "Seule une entreprise adhérente peut démissionner.",
        ),
        (
            ["resign"],
            lambda c, u: lifecycle.company_reactivate(company=c, acting_user=u),
            "Seule une entreprise suspendue",
        ),
    ],
    ids=[
        "reactivate-active",
        "suspend-suspended",
        "lapse-suspended",
        "exclude-without-reason",
        "exclude-resigned",
        "resign-twice",
        "reactivate-resigned",
    ],
)
def test_a_company_move_the_rules_refuse_changes_nothing(staff, arrange, move, message):
    company = accepted_company(staff)
    if "suspend" in arrange:
        lifecycle.company_suspend(company=company, acting_user=staff, reason="Contrôle.")
    if "resign" in arrange:
        lifecycle.company_resign(company=company, acting_user=staff)
    before = company_snapshot(company)

    with pytest.raises(MembershipError, match=message):
        move(company, staff)

    assert company_snapshot(company) == before


def test_an_applicant_company_cannot_be_suspended_or_resign(staff):
    company = submitted_application().company
    before = company_snapshot(company)

    with pytest.raises(MembershipError):
        lifecycle.company_suspend(company=company, acting_user=staff, reason="Non.")
    with pytest.raises(MembershipError):
        lifecycle.company_resign(company=company, acting_user=staff)

    assert company_snapshot(company) == before
