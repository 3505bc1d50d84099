"""The reference data: the Jura's communes and intercommunalities, and the curated trades."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from core.groups import declared_permissions
from reference.loaders import SECTORS_FILE, TERRITORY_FILE, load_sectors, load_territory
from reference.models import Commune, Epci, FormerCommune, Sector

# The numbers of the npm package @etalab/decoupage-administratif 6.0.0 (2026).
COMMUNES = 492
FORMER_COMMUNES = 38
EPCIS = 14
SECTORS = 40


@pytest.fixture
def reference(db):
    load_territory()
    load_sectors()


def test_the_jura_has_its_communes_and_intercommunalities(reference):
    assert Commune.objects.count() == COMMUNES
    assert Epci.objects.count() == EPCIS
    assert Sector.objects.count() == SECTORS


def test_every_commune_belongs_to_exactly_one_intercommunality_of_the_file(reference):
    data = json.loads(TERRITORY_FILE.read_text(encoding="utf-8"))
    sirens = {e["siren"] for e in data["epcis"]}
    assert all(c["epci"] in sirens for c in data["communes"])
    assert len({c["insee"] for c in data["communes"]}) == COMMUNES

    per_epci = Epci.objects.annotate(n=Count("communes")).values_list("n", flat=True)
    assert min(per_epci) >= 1
    assert sum(per_epci) == COMMUNES


@pytest.mark.parametrize(
    ("name", "postal_code", "epci"),
    [
        ("Lons-le-Saunier", "39000", "CA ECLA (Espace Communautaire Lons Agglomération)"),
        ("Champagnole", "39300", "CC Champagnole Nozeroy Jura"),
        ("Saint-Claude", "39200", "CC Haut-Jura Saint-Claude"),
        ("Dole", "39100", "CA du Grand Dole"),
        ("Arbois", "39600", "CC Arbois, Poligny, Salins, Coeur du Jura"),
    ],
)
def test_a_known_commune_has_its_postal_code_and_intercommunality(reference, name, postal_code, epci):
    commune = Commune.objects.select_related("epci").get(name=name)
    assert commune.postal_codes == [postal_code]
    assert commune.epci.name == epci
    assert commune.population > 0


@pytest.mark.parametrize(
    ("former", "current"),
    [
        ("Morez", "Hauts de Bienne"),
        ("La Mouille", "Hauts de Bienne"),
        ("Lézat", "Hauts de Bienne"),
        ("Saint-Lupicin", "Coteaux du Lizon"),
        ("Les Piards", "Nanchez"),
        ("Goux", "Dole"),
    ],
)
def test_a_former_commune_belongs_to_its_current_commune(reference, former, current):
    commune = FormerCommune.objects.select_related("commune").get(name=former)
    assert commune.commune.name == current
    assert str(commune) == f"{former} ({current})"
    assert FormerCommune.objects.count() == FORMER_COMMUNES


def test_morez_shares_its_insee_code_with_hauts_de_bienne_without_clashing(reference):
    assert FormerCommune.objects.get(insee_code="39368").name == "Morez"
    assert Commune.objects.get(insee_code="39368").name == "Hauts de Bienne"


def test_communes_and_intercommunalities_get_readable_slugs(reference):
    assert Commune.objects.get(insee_code="39300").slug == "lons-le-saunier"
    assert Epci.objects.get(siren="200010650").slug == "ca-du-grand-dole"


def test_loading_twice_creates_nothing_and_changes_nothing(reference):
    before = {c.insee_code: (c.pk, c.slug) for c in Commune.objects.all()}

    territory = load_territory()
    sectors = load_sectors()

    assert (territory.communes.created, territory.communes.updated) == (0, 0)
    assert (territory.epcis.created, territory.epcis.updated) == (0, 0)
    assert (territory.former_communes.created, territory.former_communes.updated) == (0, 0)
    assert FormerCommune.objects.count() == FORMER_COMMUNES
    assert (sectors.created, sectors.updated) == (0, 0)
    assert {c.insee_code: (c.pk, c.slug) for c in Commune.objects.all()} == before
    assert Epci.objects.count() == EPCIS
    assert Sector.objects.count() == SECTORS


def test_a_renamed_commune_is_updated_by_its_insee_code(reference, tmp_path):
    data = json.loads(TERRITORY_FILE.read_text(encoding="utf-8"))
    dole = next(c for c in data["communes"] if c["insee"] == "39198")
    dole["name"] = "Dole-en-Jura"
    renamed = tmp_path / "territory.json"
    renamed.write_text(json.dumps(data), encoding="utf-8")
    pk = Commune.objects.get(insee_code="39198").pk

    counts = load_territory(path=renamed)

    assert (counts.communes.created, counts.communes.updated) == (0, 1)
    commune = Commune.objects.get(insee_code="39198")
    assert (commune.pk, commune.name, commune.slug) == (pk, "Dole-en-Jura", "dole-en-jura")
    assert Commune.objects.count() == COMMUNES


def test_a_reload_keeps_the_sectors_staff_added_and_their_choices(reference):
    Sector.objects.create(name="Coutellerie", slug="coutellerie", position=5)
    Sector.objects.filter(slug="lunetterie").update(
        is_active=False, position=1, name="Lunetterie et optique", description="Montures du Haut-Jura"
    )

    load_sectors()

    assert Sector.objects.filter(slug="coutellerie").exists()
    lunetterie = Sector.objects.get(slug="lunetterie")
    assert (lunetterie.is_active, lunetterie.position) == (False, 1)
    assert (lunetterie.name, lunetterie.description) == ("Lunetterie et optique", "Montures du Haut-Jura")
    assert Sector.objects.count() == SECTORS + 1


def test_a_sector_staff_created_under_the_same_name_is_not_duplicated(db):
    Sector.objects.create(name="Horlogerie", slug="montres-et-horloges")

    counts = load_sectors()

    assert counts.created == SECTORS - 1
    assert Sector.objects.filter(name="Horlogerie").get().slug == "montres-et-horloges"


def test_the_curated_sectors_have_unique_slugs_and_short_descriptions():
    sectors = json.loads(SECTORS_FILE.read_text(encoding="utf-8"))
    assert len(sectors) == SECTORS
    assert len({s["slug"] for s in sectors}) == SECTORS
    assert all(0 < len(s["description"]) <= 300 for s in sectors)


def test_the_whole_load_takes_a_handful_of_queries(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        load_territory()
        load_sectors()


def test_the_command_prints_its_summary_in_french(db):
    out = StringIO()
    call_command("load_reference", stdout=out)
    call_command("load_reference", stdout=out)

    lines = out.getvalue().splitlines()
    assert (
        lines
        == [
            "Référentiel chargé : 492 communes (et 38 communes déléguées ou associées), "
            f"14 intercommunalités, 40 métiers, {len(declared_permissions())} groupes d'équipe."
        ]
        * 2
    )
