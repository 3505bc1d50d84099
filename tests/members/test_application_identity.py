"""Step 1: the company's identity, its SIRET above all (one company, one application at a time)."""

import pytest
import time_machine
from django.urls import reverse

from members import services
from members.forms import IdentityForm
from members.models import Application, Company
from tests.factories.members import (
    IDENTITY,
    LA_POSTE_ESTABLISHMENT,
    LA_POSTE_HEAD_OFFICE,
    UserFactory,
    make_siret,
)


def identity(**changes) -> IdentityForm:
    return IdentityForm(data={**IDENTITY, **changes})


@pytest.mark.parametrize(
    "siret",
    [make_siret(5), "732 829 320 00074", LA_POSTE_HEAD_OFFICE, LA_POSTE_ESTABLISHMENT],
    ids=["valid", "with-spaces", "la-poste-head-office", "la-poste-establishment"],
)
def test_it_accepts_a_valid_siret(siret):
    form = identity(siret=siret)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["siret"] == siret.replace(" ", "")


def test_it_rejects_a_siret_with_a_bad_checksum():
    form = identity(siret="73282932000075")
    assert not form.is_valid()
    assert "clé de contrôle" in form.errors["siret"][0]


def test_it_rejects_a_la_poste_establishment_whose_digits_do_not_add_up():
    form = identity(siret="35600000012345")
    assert not form.is_valid()
    assert "clé de contrôle" in form.errors["siret"][0]


@pytest.mark.parametrize("siret", ["1234", "7328293200007A", "732829320000741"])
def test_it_rejects_a_siret_that_is_not_fourteen_digits(siret):
    form = identity(siret=siret)
    assert not form.is_valid()
    assert "14 chiffres" in form.errors["siret"][0]


@pytest.mark.parametrize(("typed", "stored"), [("10.51C", "10.51C"), ("1051c", "10.51C"), ("", "")])
def test_it_normalizes_the_naf_code(typed, stored):
    form = identity(naf_code=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["naf_code"] == stored


@pytest.mark.parametrize("typed", ["10.5C", "AB.12C", "10.512", "1051CC"])
def test_it_rejects_a_malformed_naf_code(typed):
    form = identity(naf_code=typed)
    assert not form.is_valid()
    assert "10.51C" in form.errors["naf_code"][0]


@time_machine.travel("2027-03-01 10:00 +0100")
@pytest.mark.parametrize(
    ("year", "valid"), [("1800", True), ("2027", True), ("1799", False), ("2028", False)]
)
def test_the_year_founded_lies_between_1800_and_this_year(year, valid):
    form = identity(year_founded=year)
    assert form.is_valid() is valid
    if not valid:
        assert "entre 1800 et 2027" in form.errors["year_founded"][0]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0384601234", "03 84 60 12 34"),
        ("03.84.60.12.34", "03 84 60 12 34"),
        ("+33 3 84 60 12 34", "03 84 60 12 34"),
        ("+33 (0)3 84 60 12 34", "03 84 60 12 34"),
        ("0033 6 12 34 56 78", "06 12 34 56 78"),
    ],
)
def test_it_accepts_french_phone_numbers_and_writes_them_the_french_way(typed, stored):
    form = identity(phone=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


@pytest.mark.parametrize("typed", ["384601234", "+41 22 123 45 67", "00 84 60 12 34", "téléphone"])
def test_it_rejects_a_phone_number_that_is_not_french(typed):
    form = identity(phone=typed)
    assert not form.is_valid()
    assert "03 84 12 34 56" in form.errors["phone"][0]


def test_a_bad_siret_in_the_browser_is_explained_next_to_the_field_and_nothing_typed_is_lost(
    verified_client,
):
    response = verified_client.post(reverse("members:apply"), {**IDENTITY, "siret": "73282932000075"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "clé de contrôle" in content
    assert 'value="73282932000075"' in content
    assert f'value="{IDENTITY["trade_name"]}"' in content
    assert not Application.objects.exists()


def test_a_siret_with_an_open_application_is_refused_with_the_reason(draft, client):
    someone_else = UserFactory()
    client.force_login(someone_else)
    response = client.post(reverse("members:apply"), {**IDENTITY, "legal_name": "Une autre SARL"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Une demande d&#x27;adhésion est déjà en cours pour ce SIRET" in content
    assert 'value="Une autre SARL"' in content
    assert Application.objects.count() == 1


def test_a_siret_already_a_member_is_refused_with_the_reason(draft, client):
    Application.objects.filter(pk=draft.pk).update(status=Application.Status.ACCEPTED)
    Company.objects.filter(pk=draft.company_id).update(status=Company.Status.ACTIVE, member_number="MIJ-0001")
    client.force_login(UserFactory())
    response = client.post(reverse("members:apply"), IDENTITY)
    assert "Cette entreprise est déjà adhérente de Made in Jura." in response.content.decode()


def test_changing_to_a_siret_used_by_another_company_is_refused_on_the_field(applicant_client, draft):
    other = services.application_start(
        siret=make_siret(7),
        legal_name="Scierie du Risoux",
        acting_user=UserFactory(),
        legal_form="sas",
        size_band="1-9",
    )
    url = reverse("members:apply_step", args=[Application.Step.IDENTITY])
    response = applicant_client.post(url, {**IDENTITY, "siret": other.company.siret, "continue": ""})
    assert response.status_code == 200
    assert "déjà utilisé par une autre entreprise" in response.content.decode()
    draft.company.refresh_from_db()
    assert draft.company.siret == IDENTITY["siret"]


def test_a_withdrawn_applicant_can_start_again_with_what_was_known(applicant_client, draft, applicant):
    services.application_withdraw(application=draft, acting_user=applicant)
    content = applicant_client.get(reverse("members:apply")).content.decode()
    assert f'value="{IDENTITY["legal_name"]}"' in content
    response = applicant_client.post(reverse("members:apply"), {**IDENTITY, "continue": ""})
    assert response.status_code == 302
    assert draft.company.applications.filter(status=Application.Status.DRAFT).count() == 1
