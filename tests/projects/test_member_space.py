"""The member's space: the projects that look for partners like the company (its trades, its
intercommunality), interest and pledges from the browser, the company's own commitments."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from members.models import Company
from projects.models import Commitment, Stakeholder, Unit
from tests.factories.directory import listed_company
from tests.factories.members import owner_of
from tests.factories.projects import commitment, dole, poligny, project, role
from tests.factories.reference import sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def transporter():
    """A haulier of the Grand Dole: a member company."""
    return listed_company("Transports Jeunet", trades=("Transport et logistique",), place=dole())


@pytest.fixture
def as_transporter(client, transporter):
    client.force_login(owner_of(transporter))
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_space_card_lists_projects_looking_for_the_company_s_trade_or_territory(as_transporter):
    logistics = sector("Transport et logistique")
    by_trade = project("Réemploi des bouteilles", place=poligny())
    role(by_trade, "Logistique retour", trades=(logistics,))
    nearby = project("Recyclerie du Grand Dole")
    role(nearby, "Bénévoles du tri", place=dole())  # no trade wanted: the territory alone
    elsewhere = project("Cantine bio de Poligny", place=poligny())
    role(elsewhere, "Maraîchage", trades=(sector("Maraîchage"),))
    covered = project("Projet déjà couvert", place=poligny())
    filled = role(covered, "Logistique", trades=(logistics,))
    commitment(filled, listed_company("Autre transporteur"))
    hidden = project("Projet non publié", is_published=False)
    role(hidden, "Logistique", trades=(logistics,))

    page = text(as_transporter.get(reverse("members:space")))

    assert "Projets collectifs qui cherchent des partenaires comme vous" in page
    assert "Réemploi des bouteilles" in page and "Recyclerie du Grand Dole" in page
    for absent in ("Cantine bio de Poligny", "Projet déjà couvert", "Projet non publié"):
        assert absent not in page


def test_the_partner_page_says_why_each_role_matches(as_transporter):
    made = project("Réemploi des bouteilles", place=poligny())
    role(made, "Logistique retour", trades=(sector("Transport et logistique"),))

    page = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", "", as_transporter.get(reverse("projects:space")).content.decode())
    )

    assert "Logistique retour — votre métier : Transport et logistique" in page


def test_a_member_says_it_is_interested_and_becomes_a_stakeholder(as_transporter, transporter):
    made = project("Réemploi des bouteilles")
    wanted = role(made, "Logistique retour")

    response = as_transporter.post(reverse("projects:interest", args=[made.slug]), {"role": wanted.pk})

    assert response.status_code == 302
    stake = Stakeholder.objects.get()
    assert (stake.project, stake.company, stake.role, stake.status) == (
        made,
        transporter,
        wanted,
        "interested",
    )


def test_a_member_pledges_pallet_places_from_the_browser(as_transporter, transporter):
    made = project("Réemploi des bouteilles")
    storage = role(made, "Stockage", quantity="20", unit=Unit.PALLET_PLACES, place=dole())

    response = as_transporter.post(
        reverse("projects:pledge", args=[made.slug]),
        {
            "role": storage.pk,
            "kind": "space",
            "quantity": "12",
            "unit": "pallets",
            "note": "Entrepôt de Dole",
        },
    )

    assert response.status_code == 302
    pledged = Commitment.objects.get()
    assert (pledged.stakeholder.company, pledged.role, pledged.quantity, pledged.status) == (
        transporter,
        storage,
        Decimal("12"),
        "pledged",
    )
    assert "Entrepôt de Dole" in text(as_transporter.get(reverse("projects:space")))


def test_a_pledge_in_a_unit_that_does_not_fit_is_refused_in_french_and_kept(as_transporter):
    made = project("Réemploi des bouteilles")
    storage = role(made, "Stockage")

    response = as_transporter.post(
        reverse("projects:pledge", args=[made.slug]),
        {"role": storage.pk, "kind": "money", "quantity": "500", "unit": "pallets"},
    )

    page = text(response)
    assert response.status_code == 400
    assert "Cette unité ne convient pas : choisissez €." in page
    assert 'value="500"' in page
    assert not Commitment.objects.exists() and not Stakeholder.objects.exists()


def test_a_company_that_is_not_an_active_member_may_not_pledge(client, transporter):
    Company.objects.filter(pk=transporter.pk).update(status=Company.Status.LAPSED)
    made = project("Réemploi des bouteilles")
    client.force_login(owner_of(transporter))

    assert client.get(reverse("projects:pledge", args=[made.slug])).status_code == 403
    assert client.post(reverse("projects:interest", args=[made.slug])).status_code == 403
    assert not Stakeholder.objects.exists()


def test_the_space_card_costs_one_query_whatever_the_number_of_projects(
    transporter, rf, django_assert_num_queries
):
    from projects.views.space import space_card

    logistics = sector("Transport et logistique")
    for n in range(12):
        made = project(f"Projet {n}")
        role(made, "Logistique", trades=(logistics,))
        role(made, "Collecte")
    request = rf.get("/espace/")
    request.user = owner_of(transporter)
    company = Company.objects.get(pk=transporter.pk)

    with django_assert_num_queries(3):  # the projects, their roles sought, the company's commune
        html = space_card(request, company)

    assert html.count("<li") == 3


@pytest.mark.parametrize("size", [2, 20])
def test_the_partner_page_reads_in_a_constant_number_of_queries(
    as_transporter, transporter, size, django_assert_max_num_queries
):
    logistics = sector("Transport et logistique")
    for n in range(size):
        made = project(f"Projet {n}")
        wanted = role(made, "Logistique", trades=(logistics,))
        commitment(wanted, transporter, "3", status=Commitment.Status.PLEDGED)

    with django_assert_max_num_queries(9):
        assert as_transporter.get(reverse("projects:space")).status_code == 200


@pytest.mark.parametrize(("typed", "kept"), [("20,5", "20.5"), ("1 250,75", "1250.75"), ("12", "12")])
def test_a_pledge_typed_the_french_way_is_understood(as_transporter, typed, kept):
    made = project("Réemploi des bouteilles")
    storage = role(made, "Stockage", quantity="20", unit=Unit.PALLET_PLACES, place=dole())

    response = as_transporter.post(
        reverse("projects:pledge", args=[made.slug]),
        {"role": storage.pk, "kind": "space", "quantity": typed, "unit": "m2"},
    )

    assert response.status_code == 302
    assert Commitment.objects.get().quantity == Decimal(kept)


@pytest.mark.parametrize("typed", ["-5", "0", "-0,5"])
def test_a_pledge_of_nothing_or_less_is_refused(as_transporter, typed):
    made = project("Réemploi des bouteilles")
    storage = role(made, "Stockage")

    response = as_transporter.post(
        reverse("projects:pledge", args=[made.slug]),
        {"role": storage.pk, "kind": "space", "quantity": typed, "unit": "m2"},
    )

    assert response.status_code == 400
    assert not Commitment.objects.exists()
