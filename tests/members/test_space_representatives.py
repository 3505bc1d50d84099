"""The representatives page: everyone of the company sees the list; only the owner removes."""

import pytest
from django.urls import reverse

from jura_portal import audit
from members import lifecycle
from members.models import CompanyRole
from tests.factories.members import (
    accepted_company,
    person,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return person(first_name="Camille", last_name="Martin")


@pytest.fixture
def company(owner, staff):
    return accepted_company(reviewer=staff, applicant=owner)


@pytest.fixture
def colleague(company):
    user = person(first_name="Lou", last_name="Girard")
    lifecycle.company_add_representative(company=company, user=user, acting_user=user)
    return user


def role_of(user) -> CompanyRole:
    return CompanyRole.objects.get(user=user)


def test_the_owner_sees_everyone_with_a_remove_button_for_representatives_only(client, owner, colleague):
    client.force_login(owner)

    response = client.get(reverse("members:representatives"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Camille Martin" in html and "Lou Girard" in html
    assert f'action="{reverse("members:representative_remove", args=[role_of(colleague).pk])}"' in html
    assert reverse("members:representative_remove", args=[role_of(owner).pk]) not in html
    assert "Inviter un collègue" in html


def test_a_representative_sees_the_list_but_no_button(client, owner, colleague):
    client.force_login(colleague)

    response = client.get(reverse("members:representatives"))
    text = page_text(response)

    assert response.status_code == 200
    assert "Camille Martin" in text and "Lou Girard" in text
    assert "Retirer" not in text
    assert "Inviter un collègue" not in text


def test_the_owner_removes_a_representative(client, owner, company, colleague):
    client.force_login(owner)

    response = client.post(
        reverse("members:representative_remove", args=[role_of(colleague).pk]), follow=True
    )

    assert not CompanyRole.objects.filter(user=colleague).exists()
    assert "Lou Girard ne représente plus votre entreprise." in page_text(response)
    assert audit.history(company).filter(action="company.representative_removed", actor=owner).exists()


def test_the_owner_cannot_remove_themself(client, owner, company):
    client.force_login(owner)

    response = client.post(reverse("members:representative_remove", args=[role_of(owner).pk]), follow=True)

    assert role_of(owner).role == CompanyRole.Role.OWNER
    assert "Le responsable de l'entreprise ne peut pas être retiré." in page_text(response)


def test_a_representative_cannot_remove_anyone(client, owner, company, colleague):
    other = person()
    lifecycle.company_add_representative(company=company, user=other, acting_user=other)
    client.force_login(colleague)

    response = client.post(reverse("members:representative_remove", args=[role_of(other).pk]))

    assert response.status_code == 403
    assert CompanyRole.objects.filter(user=other).exists()


def test_removing_needs_a_post(client, owner, colleague):
    client.force_login(owner)

    response = client.get(reverse("members:representative_remove", args=[role_of(colleague).pk]))

    assert response.status_code == 405
    assert CompanyRole.objects.filter(user=colleague).exists()


def test_an_owner_cannot_remove_the_representative_of_another_company(client, colleague, staff):
    other_owner = person()
    accepted_company(reviewer=staff, applicant=other_owner, legal_name="Scierie des Rousses")
    client.force_login(other_owner)

    response = client.post(reverse("members:representative_remove", args=[role_of(colleague).pk]))

    assert response.status_code == 404
    assert CompanyRole.objects.filter(user=colleague).exists()


def test_another_company_never_sees_this_ones_representatives(client, colleague, staff):
    other_owner = person()
    accepted_company(reviewer=staff, applicant=other_owner, legal_name="Scierie des Rousses")
    client.force_login(other_owner)

    text = page_text(client.get(reverse("members:representatives")))

    assert "Scierie des Rousses" in text
    assert "Lou Girard" not in text and "Camille Martin" not in text


def test_without_a_company_the_pages_lead_back_to_the_space(client):
    client.force_login(person())

    for response in (
        client.get(reverse("members:representatives")),
        client.get(reverse("members:resign")),
        client.post(reverse("members:representative_remove", args=[1])),
    ):
        assert response.status_code == 302
        assert response.url == reverse("members:space")


def test_anonymous_visitors_are_asked_to_log_in(client):
    response = client.get(reverse("members:representatives"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("extra", [0, 20])
def test_the_list_runs_a_constant_number_of_queries(
    client, owner, company, extra, django_assert_max_num_queries
):
    for _ in range(extra):
        user = person()
        lifecycle.company_add_representative(company=company, user=user, acting_user=user)
    client.force_login(owner)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("members:representatives"))

    assert len(response.context["roles"]) == 1 + extra
