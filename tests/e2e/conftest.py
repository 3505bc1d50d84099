"""Browser journeys. The browser fixtures (`browser`, `page`, `phone_page`) live in tests/browser.py."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from directory.models import Listing
from licensing.models import LogoLicense, new_code
from tests.factories.directory import listed_company
from tests.factories.reference import commune, epci


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def fruitiere_licence(transactional_db):
    """Three listed members in Arbois and Morez; the licence of this year held by the Fruitière d'Arbois."""
    arbois = commune("Arbois", "arbois", in_epci=epci("CC Arbois, Poligny, Salins", "arbois-poligny-salins"))
    morez = commune("Morez", "morez", in_epci=epci("CC Haut-Jura Arcade", "haut-jura-arcade"))
    fruitiere = listed_company(
        "Fruitière d'Arbois",
        trades=("Fromagerie",),
        products="Comté AOP 24 mois, morbier.",
        place=arbois,
        description="Fruitière coopérative au cœur du vignoble.",
        public_email="bonjour@fruitiere.example",
    )
    listed_company("Fromagerie de Morez", trades=("Fromagerie",), products="Comté, bleu de Gex.", place=morez)
    menuiserie = listed_company(
        "Menuiserie Jeunet", trades=("Menuiserie",), description="Escaliers en chêne.", place=morez
    )
    # The joiner chose to show its street address (private unless chosen).
    Listing.objects.filter(company=menuiserie).update(show_address=True)
    today = timezone.localdate()
    licence = LogoLicense.objects.create(
        company=fruitiere,
        year=today.year,
        code=new_code(),
        valid_from=today - timedelta(days=10),
        valid_until=today + timedelta(days=200),
        status=LogoLicense.Status.ACTIVE,
    )
    return licence
