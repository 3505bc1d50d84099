"""Every arrow of the application state machine, allowed and refused, at the service level
(the company's, after acceptance: test_company_lifecycle.py)."""

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from charter.models import CharterVersion
from jura_portal.models import AuditEntry
from members import services
from members.errors import MembershipError
from members.models import Application, Company
from tests.factories.members import (
    UserFactory,
    checked_application,
    draft_application,
    in_review_application,
    make_siret,
    submitted_application,
)

pytestmark = pytest.mark.django_db

STATE_FIELDS = (
    "status",
    "reviewer_id",
    "info_request",
    "applicant_reply",
    "decision_reason",
    "submitted_at",
    "decided_at",
    "checked_location",
    "checked_quality",
    "checked_ethics",
)


def snapshot(application: Application) -> dict:
    application = Application.objects.select_related("company").get(pk=application.pk)
    company = application.company
    return {
        **{field: getattr(application, field) for field in STATE_FIELDS},
        "company": (company.status, company.member_number, company.member_since),
        "audit": AuditEntry.objects.count(),
    }


def assert_refused(application: Application, move: Callable[[], object], message: str) -> None:
    """The move raises MembershipError with `message` in it and leaves everything as it was."""
    before = snapshot(application)
    with pytest.raises(MembershipError, match=message):
        move()
    assert snapshot(application) == before


def last_entry(target) -> AuditEntry:
    from jura_portal import audit

    return audit.history(target).first()


def accepted_company(reviewer, **kwargs) -> Company:
    application = checked_application(reviewer=reviewer, **kwargs)
    return services.application_accept(application=application, acting_user=reviewer)


# --- draft -> submitted -------------------------------------------------------------------


def test_a_complete_draft_signed_for_the_current_charter_is_submitted(
    staff, django_capture_on_commit_callbacks
):
    application = draft_application()

    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, acting_user=application.applicant)

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at is not None
    entry = last_entry(application)
    assert (entry.actor, entry.action, entry.from_state, entry.to_state) == (
        application.applicant,
        "application.submitted",
        "draft",
        "submitted",
    )
    recipients = [message.to for message in mail.outbox]
    assert [application.applicant.email] in recipients  # the acknowledgement
    assert [staff.email] in recipients  # the committee is told


@pytest.mark.parametrize(
    ("filled", "missing"),
    [((3, 4, 5), "Implantation"), ((2, 4, 5), "Activité"), ((2, 3, 5), "Engagements"), ((2, 3, 4), "Charte")],
)
def test_a_draft_with_a_step_left_is_not_submitted(filled, missing):
    application = draft_application(steps=filled)

    assert_refused(
        application,
        lambda: services.application_submit(application=application, acting_user=application.applicant),
        f"Il reste à compléter : {missing}",
    )


def test_a_draft_signed_for_an_older_charter_version_is_not_submitted():
    application = draft_application()
    CharterVersion.objects.create(
        number=2, title="Charte 2", body="Nouveau texte.", published_at=timezone.now()
    )

    assert_refused(
        application,
        lambda: services.application_submit(application=application, acting_user=application.applicant),
        "Charte",
    )


def test_a_submitted_application_cannot_be_submitted_again():
    application = submitted_application()

    assert_refused(
        application,
        lambda: services.application_submit(application=application, acting_user=application.applicant),
        "déjà été envoyée",
    )


# --- submitted -> in_review ---------------------------------------------------------------


def test_a_committee_member_takes_a_submitted_application_in_review(staff):
    application = submitted_application()

    services.application_start_review(application=application, acting_user=staff)

    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    assert application.reviewer == staff
    entry = last_entry(application)
    assert (entry.actor, entry.action, entry.from_state, entry.to_state) == (
        staff,
        "application.review_started",
        "submitted",
        "in_review",
    )


@pytest.mark.parametrize("stage", ["draft", "in_review", "accepted"])
def test_only_a_submitted_application_can_be_taken_in_review(staff, stage):
    application = {
        "draft": lambda: draft_application(),
        "in_review": lambda: in_review_application(reviewer=staff),
        "accepted": lambda: Application.objects.get(company=accepted_company(staff)),
    }[stage]()

    assert_refused(
        application,
        lambda: services.application_start_review(application=application, acting_user=staff),
        "Seule une demande déposée peut être prise en examen.",
    )


# --- in_review -> info_requested -> submitted -------------------------------------------


def test_the_committee_asks_for_information_and_the_applicant_is_emailed(
    staff, django_capture_on_commit_callbacks
):
    application = in_review_application(reviewer=staff)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_request_info(
            application=application, acting_user=staff, message="Joignez votre certificat Bois des Alpes."
        )

    application.refresh_from_db()
    assert application.status == Application.Status.INFO_REQUESTED
    assert application.info_request == "Joignez votre certificat Bois des Alpes."
    assert application.is_editable
    entry = last_entry(application)
    assert (entry.actor, entry.from_state, entry.to_state, entry.comment) == (
        staff,
        "in_review",
        "info_requested",
        "Joignez votre certificat Bois des Alpes.",
    )
    [message] = mail.outbox
    assert message.to == [application.applicant.email]
    assert "Joignez votre certificat Bois des Alpes." in message.body


def test_a_request_for_information_needs_a_message(staff):
    application = in_review_application(reviewer=staff)

    assert_refused(
        application,
        lambda: services.application_request_info(application=application, acting_user=staff, message="  "),
        "Précisez les informations",
    )


def test_information_is_requested_only_during_the_review(staff):
    application = submitted_application()

    assert_refused(
        application,
        lambda: services.application_request_info(
            application=application, acting_user=staff, message="Kbis ?"
        ),
        "pendant l'examen",
    )


def test_the_applicant_answers_and_the_application_goes_back_to_the_committee(staff):
    application = in_review_application(reviewer=staff)
    services.application_request_info(application=application, acting_user=staff, message="Votre Kbis ?")

    services.application_submit(
        application=application, acting_user=application.applicant, reply="Kbis ajouté aux justificatifs."
    )

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.applicant_reply == "Kbis ajouté aux justificatifs."
    entry = last_entry(application)
    assert (entry.actor, entry.from_state, entry.to_state, entry.comment) == (
        application.applicant,
        "info_requested",
        "submitted",
        "Kbis ajouté aux justificatifs.",
    )


def test_the_applicant_cannot_resubmit_without_answering(staff):
    application = in_review_application(reviewer=staff)
    services.application_request_info(application=application, acting_user=staff, message="Votre Kbis ?")

    assert_refused(
        application,
        lambda: services.application_submit(
            application=application, acting_user=application.applicant, reply=""
        ),
        "Répondez à la demande du comité",
    )


# --- in_review -> accepted ------------------------------------------------------------------


@time_machine.travel(dt.datetime(2027, 3, 15, 10, 0, tzinfo=dt.UTC), tick=False)
def test_acceptance_makes_the_company_an_active_member_with_the_next_number(
    staff, django_capture_on_commit_callbacks
):
    first = checked_application(reviewer=staff, legal_name="Fromagerie du Grandvaux")
    second = checked_application(reviewer=staff, legal_name="Lunetterie de Morez")

    with django_capture_on_commit_callbacks(execute=True):
        services.application_accept(application=first, acting_user=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        company = services.application_accept(application=second, acting_user=staff)

    assert Company.objects.get(pk=first.company_id).member_number == "MIJ-0001"
    assert company.member_number == "MIJ-0002"
    assert company.status == Company.Status.ACTIVE
    assert company.member_since == dt.date(2027, 3, 15)
    second.refresh_from_db()
    assert second.status == Application.Status.ACCEPTED
    assert second.decided_at == timezone.now()
    entry = last_entry(second)
    assert (entry.actor, entry.action, entry.from_state, entry.to_state) == (
        staff,
        "application.accepted",
        "in_review",
        "accepted",
    )
    company_entry = last_entry(company)
    assert (company_entry.action, company_entry.from_state, company_entry.to_state) == (
        "company.activated",
        "applicant",
        "active",
    )
    [welcome] = mail.outbox
    assert welcome.to == [second.applicant.email]
    assert "MIJ-0002" in welcome.body


@pytest.mark.parametrize("unticked", ["location", "quality", "ethics"])
def test_acceptance_is_refused_while_the_checklist_is_incomplete(staff, unticked):
    application = in_review_application(reviewer=staff)
    ticks = {"location": True, "quality": True, "ethics": True, unticked: False}
    services.application_update_checklist(application=application, acting_user=staff, notes="", **ticks)

    assert_refused(
        application,
        lambda: services.application_accept(application=application, acting_user=staff),
        "Cochez les trois vérifications",
    )


@pytest.mark.parametrize("stage", ["submitted", "info_requested", "rejected"])
def test_only_an_application_under_review_can_be_accepted(staff, stage):
    application = checked_application(reviewer=staff)
    if stage == "submitted":
        application = submitted_application()
    elif stage == "info_requested":
        services.application_request_info(application=application, acting_user=staff, message="Kbis ?")
    else:
        services.application_reject(application=application, acting_user=staff, reason="Hors charte.")

    assert_refused(
        application,
        lambda: services.application_accept(application=application, acting_user=staff),
        "Seule une demande en cours d'examen peut être acceptée.",
    )


def test_the_checklist_is_filled_only_during_the_review(staff):
    application = submitted_application()

    assert_refused(
        application,
        lambda: services.application_update_checklist(
            application=application, acting_user=staff, location=True, quality=True, ethics=True, notes=""
        ),
        "pendant l'examen",
    )


def test_ticking_the_checklist_is_audited(staff):
    application = in_review_application(reviewer=staff)

    services.application_update_checklist(
        application=application,
        acting_user=staff,
        location=True,
        quality=False,
        ethics=True,
        notes="Visite faite.",
    )

    application.refresh_from_db()
    assert (application.checked_location, application.checked_quality, application.checked_ethics) == (
        True,
        False,
        True,
    )
    assert application.staff_notes == "Visite faite."
    entry = last_entry(application)
    assert (entry.actor, entry.action, entry.details) == (
        staff,
        "application.checklist",
        {"location": True, "quality": False, "ethics": True},
    )


# --- in_review -> rejected -----------------------------------------------------------------


def test_a_rejection_keeps_its_reason_and_emails_it(staff, django_capture_on_commit_callbacks):
    application = in_review_application(reviewer=staff)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(
            application=application, acting_user=staff, reason="Production réalisée hors du Jura."
        )

    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.decision_reason == "Production réalisée hors du Jura."
    assert application.company.status == Company.Status.APPLICANT
    assert application.company.member_number is None
    entry = last_entry(application)
    assert (entry.actor, entry.from_state, entry.to_state, entry.comment) == (
        staff,
        "in_review",
        "rejected",
        "Production réalisée hors du Jura.",
    )
    [message] = mail.outbox
    assert message.to == [application.applicant.email]
    assert "Production réalisée hors du Jura." in message.body


def test_a_rejection_needs_a_reason(staff):
    application = in_review_application(reviewer=staff)

    assert_refused(
        application,
        lambda: services.application_reject(application=application, acting_user=staff, reason=" "),
        "Le motif du refus est obligatoire",
    )


@pytest.mark.parametrize("stage", ["draft", "submitted", "accepted"])
def test_only_an_application_under_review_can_be_rejected(staff, stage):
    application = {
        "draft": lambda: draft_application(),
        "submitted": lambda: submitted_application(),
        "accepted": lambda: Application.objects.get(company=accepted_company(staff)),
    }[stage]()

    assert_refused(
        application,
        lambda: services.application_reject(application=application, acting_user=staff, reason="Non."),
        "Seule une demande en cours d'examen peut être refusée.",
    )


# --- -> withdrawn ---------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["draft", "submitted", "info_requested"])
def test_the_applicant_withdraws_before_a_decision(staff, stage, django_capture_on_commit_callbacks):
    if stage == "draft":
        application = draft_application()
    elif stage == "submitted":
        application = submitted_application()
    else:
        application = in_review_application(reviewer=staff)
        services.application_request_info(application=application, acting_user=staff, message="Kbis ?")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(application=application, acting_user=application.applicant)

    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    entry = last_entry(application)
    assert (entry.actor, entry.from_state, entry.to_state) == (application.applicant, stage, "withdrawn")
    assert [message.to for message in mail.outbox] == [[application.applicant.email]]


@pytest.mark.parametrize("stage", ["in_review", "accepted", "rejected"])
def test_an_application_under_review_or_decided_cannot_be_withdrawn(staff, stage):
    application = in_review_application(reviewer=staff) if stage != "accepted" else None
    if stage == "accepted":
        application = Application.objects.get(company=accepted_company(staff))
    elif stage == "rejected":
        services.application_reject(application=application, acting_user=staff, reason="Hors charte.")

    assert_refused(
        application,
        lambda: services.application_withdraw(application=application, acting_user=application.applicant),
        "ne peut plus être retirée",
    )


def test_a_withdrawn_company_may_apply_again():
    application = draft_application()
    services.application_withdraw(application=application, acting_user=application.applicant)

    again = services.application_start(
        siret=application.company.siret, legal_name="Menuiserie Vuillermoz", acting_user=application.applicant
    )

    assert again.company == application.company
    assert again.status == Application.Status.DRAFT


def test_two_companies_with_the_same_name_and_establishment_number_get_distinct_addresses(db):
    # Head offices very often share the NIC 00012: the slug must not rely on it.
    first = services.application_start(
        siret=make_siret(801),
        legal_name="Boulangerie Martin",
        acting_user=UserFactory(),
        legal_form="sarl",
        size_band="1-9",
    )
    second = services.application_start(
        siret=make_siret(802),
        legal_name="Boulangerie Martin",
        acting_user=UserFactory(),
        legal_form="sarl",
        size_band="1-9",
    )
    assert first.company.slug == "boulangerie-martin"
    assert second.company.slug == f"boulangerie-martin-{second.company.siret[:9]}"
