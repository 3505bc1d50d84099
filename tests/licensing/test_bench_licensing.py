"""The bench's licensing seeder and pages, on a handful of companies."""

import pytest

from bench import licensing as bench_licensing
from licensing.models import LogoLicense
from members.models import Company
from tests.factories.members import CompanyFactory

pytestmark = pytest.mark.django_db


def test_the_seeder_waits_for_the_directorys_companies():
    assert bench_licensing.seed_licences(0.01) is None


def test_it_gives_each_company_a_licence_following_its_status_and_the_pages_open(client):
    CompanyFactory.create_batch(30)
    CompanyFactory(status=Company.Status.SUSPENDED)
    CompanyFactory(status=Company.Status.RESIGNED)
    rows = bench_licensing.seed_licences(0.01)
    assert rows >= 32
    assert LogoLicense.objects.count() == 32
    assert LogoLicense.objects.filter(status="revoked", company__status="resigned").count() == 1
    assert LogoLicense.objects.filter(status="suspended", company__status="suspended").count() == 1
    for page in bench_licensing.PAGES:
        assert client.get(page.url()).status_code == 200
