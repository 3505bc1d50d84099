"""Step 2: the company is established in the Jura, in one of its communes."""
# ruff: noqa: F811  (pytest fixtures imported from factories_application)

import pytest
from django.urls import reverse

from members.forms import LocationForm
from members.models import Application
from tests.members.factories_application import (  # noqa: F401  (fixtures)
    CommuneFactory,
    applicant,
    applicant_client,
    draft,
    lons,
)

URL = reverse("members:apply_step", args=[Application.Step.LOCATION])


def location(**data) -> LocationForm:
    return LocationForm(data={"address": "12 rue du Commerce", **data})


@pytest.mark.parametrize("typed", ["Lons-le-Saunier (39000)", "Lons-le-Saunier", "lons le saunier"])
def test_a_jura_commune_is_found_from_the_list_or_as_typed(lons, typed):
    form = location(postal_code="39000", commune=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == lons


def test_the_list_offers_each_commune_with_its_postal_code(lons):
    CommuneFactory(name="Les Rousses", postal_codes=["39220", "39400"], epci=lons.epci)
    assert location().choices() == ["Les Rousses (39220)", "Les Rousses (39400)", "Lons-le-Saunier (39000)"]


def test_a_postal_code_outside_the_jura_is_refused_with_why(lons):
    form = location(postal_code="25000", commune="Besançon")
    assert not form.is_valid()
    assert "25000 n'est pas dans le Jura" in form.errors["postal_code"][0]
    assert "établies dans le Jura" in form.errors["postal_code"][0]
    assert "n'est pas une commune du Jura" in form.errors["commune"][0]


def test_a_commune_outside_the_jura_is_refused_even_with_a_39_postal_code(lons):
    form = location(postal_code="39000", commune="Pontarlier (25300)")
    assert not form.is_valid()
    assert "« Pontarlier » n'est pas une commune du Jura" in form.errors["commune"][0]
    assert "ne peut pas adhérer" in form.errors["commune"][0]


def test_the_postal_code_must_belong_to_the_chosen_commune(lons):
    form = location(postal_code="39100", commune="Lons-le-Saunier")
    assert not form.is_valid()
    assert "Le code postal de Lons-le-Saunier est 39000" in form.errors["postal_code"][0]


def test_two_communes_of_the_same_name_are_told_apart_by_postal_code(lons):
    first = CommuneFactory(name="Chavéria", postal_codes=["39270"], epci=lons.epci)
    CommuneFactory(name="Chavéria", postal_codes=["39280"], epci=lons.epci)
    form = location(postal_code="39270", commune="Chavéria (39270)")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == first
    ambiguous = location(postal_code="39270", commune="Chavéria")
    assert not ambiguous.is_valid()
    assert "Plusieurs communes" in ambiguous.errors["commune"][0]


def test_an_applicant_outside_the_jura_is_told_why_and_nothing_is_saved(applicant_client, draft, lons):
    response = applicant_client.post(
        URL, {"address": "3 Grande Rue", "postal_code": "25300", "commune": "Pontarlier", "continue": ""}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Made in Jura réunit les entreprises établies dans le Jura (39)" in content
    assert 'value="3 Grande Rue"' in content
    draft.refresh_from_db()
    assert draft.company.commune is None
    assert Application.Step.LOCATION not in draft.completed_steps
