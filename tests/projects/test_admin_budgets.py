"""Every list page of the projects' admin reads the same number of queries for 2 rows as for 6."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.groups import ensure_groups
from projects import services
from projects.models import Funding, Phase
from tests.factories.projects import (
    committee,
    critical_role,
    organisation,
    pledge,
    project_in,
    reported_need,
    scored_gate,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "admin:projects_need_changelist",
    "admin:projects_project_changelist",
    "admin:projects_project_pipeline",
    "admin:projects_gate_changelist",
    "admin:projects_score_changelist",
    "admin:projects_conflictdeclaration_changelist",
    "admin:projects_role_changelist",
    "admin:projects_stakeholder_changelist",
    "admin:projects_commitment_changelist",
    "admin:projects_indicator_changelist",
    "admin:projects_indicatorvalue_changelist",
    "admin:projects_funding_changelist",
    "admin:projects_funding_dashboard",
    "admin:projects_follower_changelist",
]


def add_rows(staff, members, count: int) -> None:
    for n in range(count):
        project = project_in(Phase.OPPORTUNITY, staff=staff, title=f"Projet {n}")
        role = critical_role(project, staff)
        pledge(organisation(project, staff, name=f"Mairie {n}"), role, staff)
        services.funding_record(
            project=project,
            acting_user=staff,
            year=2026,
            source=Funding.Source.PUBLIC_SUBSIDY,
            amount_cents=1000,
        )
        indicator = services.indicator_add(
            project=project, acting_user=staff, name="Bouteilles", unit="bouteilles"
        )
        services.indicator_value_record(
            indicator=indicator, acting_user=staff, period=date(2026, n + 1, 1), value=Decimal(10)
        )
        services.project_follow(project=project, email=f"voisin{n}@exemple.test", acting_user=None)
        reported_need(title=f"Besoin {n}")
        gate = scored_gate(project, members)
        services.conflict_declare(
            gate=gate, acting_user=members[-1], description="Mon frère est transporteur."
        )


def queries_per_page(client) -> dict[str, int]:
    counts = {}
    for name in LISTS:
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse(name))
        assert response.status_code == 200, name
        counts[name] = len(context.captured_queries)
    return counts


def test_each_admin_list_reads_a_constant_number_of_queries(client, staff):
    ensure_groups()
    members = committee(4)
    client.force_login(members[0])
    add_rows(staff, members, 2)
    few = queries_per_page(client)

    add_rows(staff, members, 4)

    assert queries_per_page(client) == few
