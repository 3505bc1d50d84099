"""The members app follows what the charter announces (charter.signals): the charter never writes
through members' services, members react inside the charter's transaction."""

import pytest
from django.db import transaction

from charter.models import Signature
from charter.signals import charter_deadline_missed, charter_signed
from members import lifecycle
from members.errors import MembershipError
from members.models import Application, Company
from tests.factories.charter import current_charter
from tests.factories.members import accepted_company, draft_application

pytestmark = pytest.mark.django_db


def announce_signature(company: Company, acting_user) -> None:
    """What charter_sign sends once the signature is recorded, the company locked and read again."""
    company = Company.objects.get(pk=company.pk)
    version = current_charter()
    # An accepted member of the test cast has signed the current version already: that signature is announced.
    signature, _created = Signature.objects.get_or_create(
        company=company,
        version=version,
        defaults={
            "signer": acting_user,
            "full_name": "Camille Vuillermoz",
            "text_sha256": version.text_sha256,
            "ip_address": None,
            "user_agent": "tests",
        },
    )
    with transaction.atomic():
        charter_signed.send(
            Signature, company=company, version=version, signature=signature, acting_user=acting_user
        )


def test_a_signature_announced_marks_the_applications_charter_step_done():
    application = draft_application(steps=(2, 3, 4))
    assert Application.Step.CHARTER not in application.completed_steps

    announce_signature(application.company, application.applicant)

    application.refresh_from_db()
    assert Application.Step.CHARTER in application.completed_steps
    assert application.status == Application.Status.DRAFT


def test_a_signature_announced_lifts_a_suspension_for_the_charter_only(staff):
    for_charter, for_staff = accepted_company(reviewer=staff), accepted_company(reviewer=staff)
    lifecycle.company_suspend(company=for_charter, acting_user=None, reason="v2", for_charter=True)
    lifecycle.company_suspend(company=for_staff, acting_user=staff, reason="Impayé")

    announce_signature(for_charter, staff)
    announce_signature(for_staff, staff)

    for_charter.refresh_from_db()
    for_staff.refresh_from_db()
    assert (for_charter.status, for_charter.suspended_for_charter) == (Company.Status.ACTIVE, False)
    assert for_charter.status_reason == f"Charte v{current_charter().number} signée."
    assert for_staff.status == Company.Status.SUSPENDED


def test_a_missed_deadline_announced_suspends_the_member_until_it_signs(staff):
    company = accepted_company(reviewer=staff)
    version = current_charter()
    version.signing_deadline = version.published_at.date()
    version.save(update_fields=["signing_deadline"])

    company = Company.objects.get(pk=company.pk)
    with transaction.atomic():
        [(_receiver, suspended)] = charter_deadline_missed.send(
            type(version), company=company, version=version
        )

    company.refresh_from_db()
    assert suspended.pk == company.pk
    assert (company.status, company.suspended_for_charter) == (Company.Status.SUSPENDED, True)
    assert company.status_reason.startswith(f"Charte v{version.number} non signée à l'échéance du ")


def test_a_missed_deadline_announced_for_a_company_no_longer_active_is_refused(staff):
    company = accepted_company(reviewer=staff)
    company = lifecycle.company_resign(company=company, acting_user=staff)
    version = current_charter()
    version.signing_deadline = version.published_at.date()

    with pytest.raises(MembershipError), transaction.atomic():
        charter_deadline_missed.send(type(version), company=company, version=version)
