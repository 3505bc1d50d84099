"""The staff screens for users, the territory and the trades."""

import pytest
from django.urls import reverse

from members.models import User
from reference.loaders import load_sectors, load_territory
from reference.models import Commune


@pytest.fixture
def staff_client(client, staff):
    load_territory()
    load_sectors()
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    "screen", ["members_user", "reference_epci", "reference_commune", "reference_sector"]
)
def test_staff_sees_the_list_of_each_reference_screen(staff_client, screen, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = staff_client.get(reverse(f"admin:{screen}_changelist"))
    assert response.status_code == 200


def test_the_intercommunalities_show_their_number_of_communes(staff_client):
    response = staff_client.get(reverse("admin:reference_epci_changelist"))
    assert "CA du Grand Dole" in response.text
    assert '<td class="field-commune_count">47</td>' in response.text


def test_staff_finds_communes_by_postal_code_or_insee_code(staff_client):
    response = staff_client.get(reverse("admin:reference_commune_changelist"), {"q": "39200"})

    found = {commune.insee_code for commune in response.context["cl"].result_list}
    with_postal_code = set(
        Commune.objects.filter(postal_codes__contains=["39200"]).values_list("insee_code", flat=True)
    )
    assert "39478" in with_postal_code  # Saint-Claude
    assert found == with_postal_code | {"39200"}  # and Dompierre-sur-Mont, INSEE code 39200


def test_staff_finds_communes_by_name_and_filters_them_by_intercommunality(staff_client):
    dole = Commune.objects.get(name="Dole")
    response = staff_client.get(
        reverse("admin:reference_commune_changelist"), {"q": "dole", "epci__id__exact": dole.epci_id}
    )
    assert dole in response.context["cl"].result_list


def test_staff_creates_a_user_with_an_email_and_no_username(staff_client):
    response = staff_client.post(
        reverse("admin:members_user_add"),
        {
            "email": "nouvelle@exemple.fr",
            "usable_password": "true",
            "password1": "Jura-mot-de-passe-43",
            "password2": "Jura-mot-de-passe-43",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="nouvelle@exemple.fr").check_password("Jura-mot-de-passe-43")


def test_the_user_form_opens_for_an_existing_user(staff_client, verified_user):
    response = staff_client.get(reverse("admin:members_user_change", args=[verified_user.pk]))
    assert response.status_code == 200
    assert verified_user.email in response.text


def test_staff_find_a_commune_as_people_spell_it(client, staff):
    from reference.models import FormerCommune
    from tests.factories.reference import CommuneFactory, EpciFactory

    epci = EpciFactory(name="CC du Haut-Jura", slug="haut-jura")
    CommuneFactory(name="Saint-Claude", postal_codes=["39200"], epci=epci)
    hauts = CommuneFactory(name="Hauts de Bienne", postal_codes=["39400"], epci=epci)
    FormerCommune.objects.create(insee_code="39368", name="Morez", kind="deleguee", commune=hauts)
    client.force_login(staff)
    url = reverse("admin:reference_commune_changelist")

    assert "Saint-Claude" in client.get(url, {"q": "st claude"}).content.decode()
    found = client.get(url, {"q": "morez"}).content.decode()
    assert "Hauts de Bienne" in found and "Saint-Claude" not in found


def test_the_vetting_committee_curates_the_trades_from_the_reference_app(db):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from core.groups import VETTING_COMMITTEE, ensure_groups
    from tests.factories.members import UserFactory

    ensure_groups()
    person = UserFactory(is_staff=True)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    person.groups.add(Group.objects.get(name=VETTING_COMMITTEE))
    assert person.has_perms(["reference.view_sector", "reference.change_sector", "reference.add_sector"])
    assert not person.has_perm("reference.change_commune")
