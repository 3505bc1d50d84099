"""Step 2: the company is established in the Jura, in one of its communes."""

import pytest
from django.urls import reverse

from members.forms import LocationForm
from members.models import Application
from reference.models import FormerCommune
from tests.factories.reference import CommuneFactory

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


@pytest.fixture
def hauts_de_bienne(lons):
    commune = CommuneFactory(name="Hauts de Bienne", postal_codes=["39400"], epci=lons.epci)
    for insee, name in (("39368", "Morez"), ("39294", "Lézat"), ("39371", "La Mouille")):
        FormerCommune.objects.create(insee_code=insee, name=name, kind="deleguee", commune=commune)
    return commune


@pytest.mark.parametrize(
    "typed", ["Morez", "morez", "MOREZ (39400)", "Morez (Hauts de Bienne) (39400)", "lezat", "la-mouille"]
)
def test_a_delegated_commune_stands_for_its_current_commune(hauts_de_bienne, typed):
    form = location(postal_code="39400", commune=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == hauts_de_bienne


def test_the_list_offers_delegated_communes_with_their_current_commune(hauts_de_bienne):
    choices = location().choices()
    assert "Morez (Hauts de Bienne) (39400)" in choices
    assert "Hauts de Bienne (39400)" in choices
    assert choices.index("Lons-le-Saunier (39000)") < choices.index("Morez (Hauts de Bienne) (39400)")


@pytest.mark.parametrize(
    "typed", ["St-Claude", "st claude", "ST CLAUDE (39200)", "saint claude", "Saint Claude"]
)
def test_common_spellings_of_a_commune_are_accepted(lons, typed):
    saint_claude = CommuneFactory(name="Saint-Claude", postal_codes=["39200"], epci=lons.epci)
    sainte_agnes = CommuneFactory(name="Sainte-Agnès", postal_codes=["39190"], epci=lons.epci)
    form = location(postal_code="39200", commune=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == saint_claude
    ste = location(postal_code="39190", commune="ste agnes")
    assert ste.is_valid(), ste.errors
    assert ste.cleaned_data["commune"] == sainte_agnes


def test_an_applicant_in_morez_is_placed_in_hauts_de_bienne(applicant_client, draft, hauts_de_bienne):
    page = applicant_client.get(URL).content.decode()
    assert '<option value="Morez (Hauts de Bienne) (39400)">' in page

    response = applicant_client.post(
        URL, {"address": "5 quai Lamartine", "postal_code": "39400", "commune": "Morez", "continue": ""}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.company.commune == hauts_de_bienne
    assert draft.company.place_name == "Morez (Hauts de Bienne)"
    assert 'value="Morez (Hauts de Bienne) (39400)"' in applicant_client.get(URL).content.decode()

    applicant_client.post(
        URL,
        {"address": "5 quai Lamartine", "postal_code": "39400", "commune": "Hauts de Bienne", "continue": ""},
    )
    draft.company.refresh_from_db()
    assert (draft.company.former_commune, draft.company.place_name) == (None, "Hauts de Bienne")
