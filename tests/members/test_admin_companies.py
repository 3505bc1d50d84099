"""The companies in the admin: the member list, and a member's lifecycle through its services."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Company
from tests.factories.members import accepted_company, submitted_application
from tests.factories.reference import sector

pytestmark = pytest.mark.django_db

COMPANIES = "admin:members_company_changelist"


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def committee(client, vetting_staff):
    client.force_login(vetting_staff)
    return client


def move_url(company: Company, move: str) -> str:
    return reverse("admin:members_company_move", args=[company.pk, move])


def test_the_member_list_shows_numbers_and_statuses_and_searches_them(committee, vetting_staff):
    fromagerie = accepted_company(reviewer=vetting_staff, legal_name="Fromagerie du Grandvaux")
    accepted_company(reviewer=vetting_staff, legal_name="Lunetterie de Morez")
    applicant = submitted_application(legal_name="Pipes de Saint-Claude").company

    listing = committee.get(reverse(COMPANIES))
    by_number = committee.get(reverse(COMPANIES), {"q": "MIJ-0001"})
    by_status = committee.get(reverse(COMPANIES), {"status__exact": "applicant"})

    assert "MIJ-0001" in listing.text and "adhérente" in listing.text and "candidate" in listing.text
    assert list(by_number.context["cl"].result_list) == [fromagerie]
    assert list(by_status.context["cl"].result_list) == [applicant]


def test_the_member_list_costs_the_same_number_of_queries_for_1_or_20_companies(
    committee, vetting_staff, django_assert_max_num_queries
):
    accepted_company(reviewer=vetting_staff)
    with CaptureQueriesContext(connection) as one:
        committee.get(reverse(COMPANIES))
    for n in range(19):
        company = accepted_company(reviewer=vetting_staff, legal_name=f"Entreprise {n}")
        company.sectors.add(sector(f"Métier {n}"))

    with django_assert_max_num_queries(len(one)):
        response = committee.get(reverse(COMPANIES))

    assert response.context["cl"].result_count == 20


def test_a_member_page_shows_its_representatives_and_its_history_and_no_status_field(
    committee, vetting_staff
):
    company = accepted_company(reviewer=vetting_staff)
    owner = company.roles.get().user

    response = committee.get(reverse("admin:members_company_change", args=[company.pk]))

    assert owner.email in response.text
    assert "Adhésion activée" in response.text  # the audit history
    form = response.context["adminform"].form
    assert not {"status", "member_number", "member_since", "siret", "status_reason"} & set(form.fields)
    assert move_url(company, "suspendre") in response.text
    assert move_url(company, "reactiver") not in response.text


def test_a_member_is_suspended_with_a_reason_then_reactivated_from_its_page(committee, vetting_staff):
    company = accepted_company(reviewer=vetting_staff)

    missing = committee.post(move_url(company, "suspendre"), {"text": ""})
    suspended = committee.post(move_url(company, "suspendre"), {"text": "Contrôle qualité en cours."})
    company.refresh_from_db()
    status_after_suspension = company.status
    reactivated = committee.post(move_url(company, "reactiver"), {"text": ""})

    assert missing.status_code == 200 and "Ce champ est obligatoire." in missing.text
    assert status_after_suspension == Company.Status.SUSPENDED
    assert flash(suspended) == ["L'adhésion de Menuiserie Vuillermoz est suspendue."]
    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE
    assert flash(reactivated)[-1] == "L'adhésion de Menuiserie Vuillermoz est de nouveau active."


def test_members_are_excluded_from_the_list_with_a_reason(committee, vetting_staff):
    first = accepted_company(reviewer=vetting_staff, legal_name="Fromagerie du Grandvaux")
    applicant = submitted_application(legal_name="Pipes de Saint-Claude").company
    selection = {"action": "exclude_action", "_selected_action": [first.pk, applicant.pk]}

    ask = committee.post(reverse(COMPANIES), selection)
    response = committee.post(
        reverse(COMPANIES), {**selection, "apply": "1", "text": "Production délocalisée."}
    )

    assert ask.status_code == 200 and "Motif de l&#x27;exclusion" in ask.text
    first.refresh_from_db()
    applicant.refresh_from_db()
    assert (first.status, first.status_reason) == (Company.Status.EXCLUDED, "Production délocalisée.")
    assert applicant.status == Company.Status.APPLICANT
    assert "Pipes de Saint-Claude : Seule une entreprise adhérente peut être exclue." in flash(response)


def test_a_treasurer_sees_members_but_cannot_change_their_status(client, vetting_staff, treasurer):
    company = accepted_company(reviewer=vetting_staff)
    client.force_login(treasurer)

    listing = client.get(reverse(COMPANIES))
    refused = client.post(move_url(company, "suspendre"), {"text": "Non."})

    assert listing.status_code == 200
    assert "suspend_action" not in listing.text
    assert refused.status_code == 403
    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE
