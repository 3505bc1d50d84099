"""Two committee members decide one gate at the same moment: real threads, real PostgreSQL connections."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from jura_portal import audit
from projects import services
from projects.errors import ProjectError
from projects.models import Gate, Phase, Project
from tests.factories.members import UserFactory
from tests.factories.projects import committee, project_in, scored_gate

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*moves: Callable[[], object]) -> list[str]:
    """Start every move at the same instant, each in its own thread and connection: "ok" or the error."""
    barrier = threading.Barrier(len(moves))
    outcomes: list[str] = [""] * len(moves)

    def run(index: int, move: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            move()
            outcomes[index] = "ok"
        except ProjectError as error:
            outcomes[index] = str(error)
        except Exception as error:  # noqa: BLE001 - shown in the assertion, never swallowed silently
            outcomes[index] = f"unexpected {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, move)) for i, move in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("repeat", range(2))
def test_go_and_hold_at_the_same_time_exactly_one_wins(repeat):
    staff = UserFactory(is_staff=True)
    alice, bruno, chloe = committee(3)
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    gate = scored_gate(project, [alice, bruno, chloe])

    outcomes = run_together(
        lambda: services.gate_decide(
            gate=gate, acting_user=alice, outcome="go", rationale="Besoin confirmé."
        ),
        lambda: services.gate_decide(gate=gate, acting_user=bruno, outcome="hold", rationale="Attendons."),
    )

    assert sorted(outcome == "ok" for outcome in outcomes) == [False, True], outcomes
    loser = next(outcome for outcome in outcomes if outcome != "ok")
    assert loser.startswith("Ce jalon a déjà été décidé")
    gate.refresh_from_db()
    project.refresh_from_db()
    [decision] = audit.history(gate).filter(action="gate.decided")
    if outcomes[0] == "ok":
        assert (gate.outcome, decision.actor, project.phase) == ("go", alice, Phase.OPPORTUNITY)
    else:
        assert (gate.outcome, decision.actor, project.status) == ("hold", bruno, Project.Status.ON_HOLD)
    assert gate.status == Gate.Status.DECIDED
