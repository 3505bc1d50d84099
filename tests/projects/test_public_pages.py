"""/projets/, the territory view and a project's page: what staff published, never a committee secret."""

import re

import pytest
from django.urls import reverse

from projects.models import Gate, Phase, PhaseName, Unit
from tests.factories.directory import listed_company
from tests.factories.projects import (
    SECRETS,
    commitment,
    decided_gate,
    dole,
    indicator,
    month,
    poligny,
    project,
    public_need,
    role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bottles():
    """The bottle-reuse project: pallet places sought at Dole, a washer found, impact measured, a Go."""
    made = project("Réemploi des bouteilles du Jura", phase=Phase.FEASIBILITY)
    role(made, "Stockage", quantity="20", unit=Unit.PALLET_PLACES, place=dole(), critical=True)
    washer = role(made, "Lavage", quantity="1", unit=Unit.OTHER)
    commitment(washer, listed_company("Laverie du Revermont"), "1", unit=Unit.OTHER)
    indicator(made, values=[(month(1), "12000"), (month(2), "15000")], target="50000")
    indicator(made, "Emplois créés", "emplois", values=[(month(2), "2")])
    decided_gate(made, phase=Phase.DIAGNOSIS, summary="Le besoin est confirmé par 52 % des viticulteurs.")
    decided_gate(made, phase=Phase.OPPORTUNITY, summary="La chaîne tient : on passe à la faisabilité.")
    return made


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_overview_shows_published_projects_with_their_phase_and_the_roles_they_still_look_for(
    client, bottles
):
    project("Projet en préparation", is_published=False)

    page = text_of(client.get(reverse("projects:list")))

    assert "Réemploi des bouteilles du Jura" in page
    assert "Faisabilité et porteur de projet" in page
    assert "On cherche :</strong> 20 places de palettes à Dole" in page
    assert "Lavage" not in page.split("On cherche")[1].split("</p>")[0]  # covered by a confirmed commitment
    assert "Projet en préparation" not in page


def test_the_overview_uses_the_phase_names_staff_chose(client, bottles):
    PhaseName.objects.create(phase=Phase.FEASIBILITY, label="Montage et porteur")

    assert "Montage et porteur" in text_of(client.get(reverse("projects:list")))


def test_public_needs_are_shown_without_their_author(client):
    public_need("Pas de laverie de bouteilles dans le Jura")
    public_need("Un besoin pas encore publié", is_public=False)

    page = text_of(client.get(reverse("projects:list")))

    assert "Pas de laverie de bouteilles dans le Jura" in page
    assert "Un besoin pas encore publié" not in page
    assert "Secretin" not in page and "secretin" not in page


def test_the_overview_sums_what_each_project_has_reached_so_far(client, bottles):
    other = project("Consigne des pots de yaourt")
    indicator(other, values=[(month(3), "3000")])

    page = text_of(client.get(reverse("projects:list")))

    # Each indicator's latest value (15,000 for the bottles, 3,000 for the other project), summed: 18,000.
    assert re.search(
        r"Bouteilles réemployées</th><td class=\"text-end\">18\W000 bouteilles</td><td class=\"text-end\">2<",
        page,
    )


def test_the_overview_shows_the_public_summary_of_decisions_and_never_a_committee_secret(client, bottles):
    page = text_of(client.get(reverse("projects:list")))

    assert "La chaîne tient : on passe à la faisabilité." in page
    for secret in SECRETS:
        assert secret not in page


def test_the_territory_view_shows_only_that_intercommunality(client, bottles):
    project("Atelier de réparation de vélos", place=poligny())
    epci = dole().epci

    page = text_of(client.get(reverse("projects:territory", args=[epci.slug])))

    assert "Grand Dole" in page
    assert "Réemploi des bouteilles du Jura" in page
    assert "Atelier de réparation de vélos" not in page


def test_an_unknown_territory_is_not_found(client):
    assert client.get(reverse("projects:territory", args=["nulle-part"])).status_code == 404


def test_the_project_page_shows_phases_roles_coverage_decisions_and_the_impact_chart(client, bottles):
    response = client.get(reverse("projects:detail", args=[bottles.slug]))
    page = text_of(response)

    assert response.status_code == 200
    assert 'aria-current="step"> Faisabilité et porteur de projet' in page
    assert page.count("franchie") == 2
    assert "0 / 20 places de palettes" in page and "à pourvoir" in page
    assert re.search(r"Lavage.*?couvert — 1 / 1 autre", page)
    assert '<svg role="img"' in page and '<title id="indicateur-' in page
    assert "<caption>Bouteilles réemployées (bouteilles)</caption>" in page  # the table behind the chart
    assert "Le besoin est confirmé par 52 % des viticulteurs." in page
    for secret in SECRETS:
        assert secret not in page


def test_an_unpublished_project_is_not_found_by_the_public(client):
    hidden = project(is_published=False)

    assert client.get(reverse("projects:detail", args=[hidden.slug])).status_code == 404


def test_staff_who_may_view_projects_preview_an_unpublished_project(client, staff):
    hidden = project("Projet encore interne", is_published=False)
    client.force_login(staff)

    page = text_of(client.get(reverse("projects:detail", args=[hidden.slug])))

    assert "Projet encore interne" in page and "aperçu de l'équipe" in page


def test_a_killed_project_shows_its_lessons_learned(client):
    killed = project(
        "Consigne des canettes", status="killed", lessons_learned="Le gisement était trop faible."
    )
    decided_gate(killed, outcome=Gate.Outcome.KILL, summary="Le comité arrête le projet.")

    page = text_of(client.get(reverse("projects:detail", args=[killed.slug])))

    assert "Le gisement était trop faible." in page and "Abandon (kill)" in page


def test_published_projects_are_in_the_sitemap(client, bottles):
    hidden = project(is_published=False)

    sitemap = client.get("/sitemap.xml").content.decode()

    assert reverse("projects:list") in sitemap
    assert bottles.get_absolute_url() in sitemap
    assert hidden.get_absolute_url() not in sitemap


# --- Query budgets: the same number of queries for 2 and for 20 rows --------------------------------


def scene(size: int) -> dict:
    company = listed_company("Cave de Château-Chalon")
    projects = []
    for n in range(size):
        made = project(f"Projet {n}", phase=Phase.OPPORTUNITY)
        sought = role(made, "Stockage", quantity="20", unit=Unit.PALLET_PLACES, place=dole())
        role(made, "Collecte")
        commitment(sought, company, "5")
        indicator(made, values=[(month(1), "10"), (month(2), "20")])
        decided_gate(made, summary="Go")
        public_need(f"Besoin {n}")
        project(f"Projet abandonné {n}", status="killed")  # the archive
        projects.append(made)
    return {
        "list": reverse("projects:list"),
        "territory": reverse("projects:territory", args=[dole().epci.slug]),
        "detail": reverse("projects:detail", args=[projects[0].slug]),
    }


# Rendered for a visitor without a session: the page store's lookup and store are counted too.
# The overview's archive (killed or archived projects) is one query.
BUDGETS = {"list": 11, "territory": 12, "detail": 8}


@pytest.mark.parametrize("page", list(BUDGETS))
@pytest.mark.parametrize("size", [2, 20])
def test_each_public_page_reads_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries, page, size
):
    url = scene(size)[page]

    with django_assert_max_num_queries(BUDGETS[page]):
        response = client.get(url)

    assert response.status_code == 200


def test_a_stored_page_costs_one_query(client, django_assert_max_num_queries):
    url = scene(2)["list"]
    client.get(url)

    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200
