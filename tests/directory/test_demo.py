"""The directory's demo loader: every member gets its public listing, twice run changes nothing."""

import pytest

from directory.demo import load_directory
from directory.models import Listing
from members.models import Company
from tests.factories.directory import listed_company

pytestmark = pytest.mark.django_db


def test_it_lists_the_demo_members_and_fills_only_blank_contact_fields():
    company = listed_company("Menuiserie Jeunet", public_email="")
    Listing.objects.filter(company=company).delete()
    Company.objects.filter(pk=company.pk).update(website="https://menuiserie-jeunet.fr")

    first = load_directory()
    second = load_directory()

    company.refresh_from_db()
    assert first == "annuaire : 1 fiches publiques (1 nouvelles)"
    assert second == "annuaire : 1 fiches publiques (0 nouvelles)"
    assert company.public_email.startswith("contact@")
    assert company.website == "https://menuiserie-jeunet.fr"
