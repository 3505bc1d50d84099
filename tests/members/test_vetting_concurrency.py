"""Two staff members acting at the same moment: real threads, real PostgreSQL connections."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from jura_portal import audit
from members import services
from members.errors import MembershipError
from members.models import Application, Company
from tests.factories.members import UserFactory, checked_application

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*moves: Callable[[], object]) -> list[str]:
    """Start every move at the same instant, each in its own thread and database connection.

    Returns, per move, "ok" or the MembershipError's message.
    """
    barrier = threading.Barrier(len(moves))
    outcomes: list[str] = [""] * len(moves)

    def run(index: int, move: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            move()
            outcomes[index] = "ok"
        except MembershipError as error:
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


@pytest.fixture
def two_committee_members():
    return UserFactory(is_staff=True), UserFactory(is_staff=True)


@pytest.mark.parametrize("repeat", range(3))
def test_accept_and_reject_at_the_same_time_exactly_one_wins(two_committee_members, repeat):
    alice, bruno = two_committee_members
    application = checked_application(reviewer=alice)

    outcomes = run_together(
        lambda: services.application_accept(application=application, acting_user=alice),
        lambda: services.application_reject(
            application=application, acting_user=bruno, reason="Hors charte."
        ),
    )

    assert sorted(outcome == "ok" for outcome in outcomes) == [False, True], outcomes
    loser = next(outcome for outcome in outcomes if outcome != "ok")
    assert loser.startswith("Seule une demande en cours d'examen peut être")
    application.refresh_from_db()
    company = Company.objects.get(pk=application.company_id)
    decisions = audit.history(application).filter(action__in=["application.accepted", "application.rejected"])
    [decision] = decisions
    if outcomes[0] == "ok":
        assert application.status == Application.Status.ACCEPTED
        assert (decision.actor, decision.action) == (alice, "application.accepted")
        assert (company.status, company.member_number) == (Company.Status.ACTIVE, "MIJ-0001")
    else:
        assert application.status == Application.Status.REJECTED
        assert (decision.actor, decision.action) == (bruno, "application.rejected")
        assert (company.status, company.member_number) == (Company.Status.APPLICANT, None)
    assert application.reviewer == decision.actor


def test_two_staff_accepting_the_same_application_accept_it_once(two_committee_members):
    alice, bruno = two_committee_members
    application = checked_application(reviewer=alice)

    outcomes = run_together(
        lambda: services.application_accept(application=application, acting_user=alice),
        lambda: services.application_accept(application=application, acting_user=bruno),
    )

    assert sorted(outcomes) == ["Seule une demande en cours d'examen peut être acceptée.", "ok"]
    assert audit.history(application).filter(action="application.accepted").count() == 1
    assert list(Company.objects.members().values_list("member_number", flat=True)) == ["MIJ-0001"]


def test_two_applications_accepted_at_the_same_time_get_different_member_numbers(two_committee_members):
    alice, bruno = two_committee_members
    first = checked_application(reviewer=alice, legal_name="Fromagerie du Grandvaux")
    second = checked_application(reviewer=bruno, legal_name="Lunetterie de Morez")

    outcomes = run_together(
        lambda: services.application_accept(application=first, acting_user=alice),
        lambda: services.application_accept(application=second, acting_user=bruno),
    )

    assert outcomes == ["ok", "ok"]
    numbers = sorted(Company.objects.members().values_list("member_number", flat=True))
    assert numbers == ["MIJ-0001", "MIJ-0002"]
