"""The projects bench at a tiny scale: the seeder's rows hold together and every measured page opens."""

import pytest
from django.db.models import F

from bench import projects as bench_projects
from projects.models import Commitment, Need, Project
from tests.factories.members import CompanyFactory
from tests.factories.reference import sector

pytestmark = pytest.mark.django_db


def test_the_seeder_waits_for_the_companies():
    assert bench_projects.seed_projects(0.05) is None


def test_it_seeds_needs_projects_and_commitments_to_scale_and_the_pages_open(client):
    CompanyFactory.create_batch(15)
    sector("Verrerie")

    rows = bench_projects.seed_projects(0.05)

    assert (Project.objects.count(), Need.objects.count(), Commitment.objects.count()) == (5, 25, 100)
    assert rows > 130
    busy = Project.objects.get(slug=bench_projects.BUSY_SLUG)
    assert busy.is_published and busy.roles.count() == 7
    # Every commitment belongs to a stakeholder of its role's project.
    assert not Commitment.objects.exclude(stakeholder__project=F("role__project")).exists()
    for page in bench_projects.PAGES:
        assert client.get(page.url()).status_code == 200, page.name
