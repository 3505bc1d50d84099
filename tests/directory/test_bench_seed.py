"""The bench's directory seeder: fast bulk rows that the directory lists and searches like real ones."""

import pytest
from django.urls import reverse

from bench.directory import PAGES, seed_companies
from bench.seed import seed_reference, seed_users
from directory.models import Listing
from members.models import Company

pytestmark = pytest.mark.django_db


def test_the_seeder_makes_members_the_directory_lists_and_searches(client):
    seed_reference(0.01)
    seed_users(0.01)

    rows = seed_companies(0.01)

    assert rows == Company.objects.count() == Listing.objects.count() == 200
    assert Company.objects.filter(roles__role="owner").count() == 200
    listed = Listing.objects.listed().count()
    assert 150 < listed < 200  # most are listed; suspended, lapsed, resigned, unsigned or hidden ones are not
    for page in PAGES:
        assert client.get(page.url()).status_code == 200, page.name
    response = client.get(reverse("directory:list"), {"q": "comte"})
    assert response.context["results"].total > 0
