"""The demo tells the bottle-reuse story, and loads twice without duplicating anything."""

import pytest

from projects.demo import BOTTLES, CANNERY, WOOD, load_projects
from projects.models import Commitment, Gate, Need, Phase, Project
from projects.services.gates import quorum, uncovered_critical_roles
from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_tells_the_bottle_story_and_runs_twice_without_duplicates(
    django_capture_on_commit_callbacks,
):
    UserFactory(is_superuser=True, is_staff=True)

    summary = load_projects()
    counts = (Project.objects.count(), Need.objects.count(), Gate.objects.count(), Commitment.objects.count())
    again = load_projects()

    assert summary == "3 projets collectifs, 2 besoins du territoire"
    assert again == "0 projets collectifs, 0 besoins du territoire"
    assert (
        Project.objects.count(),
        Need.objects.count(),
        Gate.objects.count(),
        Commitment.objects.count(),
    ) == counts

    bottles = Project.objects.get(slug=BOTTLES)
    assert (bottles.phase, bottles.holder_display, bottles.is_published) == (
        Phase.INCUBATION,
        "Juliette Grandjean",
        True,
    )
    outcomes = list(bottles.gates.order_by("decided_at").values_list("phase", "outcome"))
    assert outcomes == [
        ("diagnosis", "go"),
        ("opportunity", "recycle"),
        ("diagnosis", "go"),
        ("opportunity", "go"),
        ("feasibility", "go"),
    ]
    assert uncovered_critical_roles(bottles) == []
    assert bottles.indicators.get(name="Bouteilles réemployées").values.count() == 3
    assert {f.source for f in bottles.fundings.all()} == {
        "public_subsidy",
        "services_sold",
        "members_partners",
    }

    cannery = Project.objects.get(slug=CANNERY)
    assert cannery.status == Project.Status.KILLED and "volumes" in cannery.lessons_learned
    open_gate = Project.objects.get(slug=WOOD).gates.get(status=Gate.Status.OPEN)
    assert quorum(open_gate) == (2, False)
