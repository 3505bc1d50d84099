"""Capacity under real concurrency: threads with their own PostgreSQL connections, one event."""

import threading

import pytest
from django.db import connection

from events import services
from events.errors import EventError
from events.models import Registration
from tests.factories.events import EventFactory
from tests.factories.members import new_member

pytestmark = pytest.mark.django_db(transaction=True)


def register_all_at_once(event, people) -> list[str]:
    barrier = threading.Barrier(len(people))
    outcomes = [""] * len(people)

    def run(index, person):
        try:
            barrier.wait(timeout=20)
            [registration] = services.registration_create_for_member(event=event, acting_user=person)
            outcomes[index] = registration.status
        except EventError as error:
            outcomes[index] = str(error)
        except Exception as error:  # noqa: BLE001 - shown in the assertion
            outcomes[index] = f"unexpected {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("repeat", range(2))
def test_twenty_people_racing_for_five_seats_never_get_six(repeat):
    event = EventFactory(capacity=5)
    people = [new_member() for _ in range(20)]

    outcomes = register_all_at_once(event, people)

    assert sorted(set(outcomes)) == ["confirmed", "waitlisted"], outcomes
    assert outcomes.count("confirmed") == 5
    assert outcomes.count("waitlisted") == 15
    event.refresh_from_db()
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 5
    assert (event.confirmed_count, event.waitlisted_count) == (5, 15)
    positions = sorted(services.waitlist_position(r) for r in event.registrations.waiting())
    assert positions == list(range(1, 16))


def test_cancellations_racing_with_registrations_keep_the_count_exact():
    event = EventFactory(capacity=3)
    holders = [new_member() for _ in range(3)]
    held = [services.registration_create_for_member(event=event, acting_user=p)[0] for p in holders]
    newcomers = [new_member() for _ in range(6)]
    barrier = threading.Barrier(len(held) + len(newcomers))
    errors = []

    def cancel(registration):
        try:
            barrier.wait(timeout=20)
            services.registration_cancel(registration=registration, acting_user=None)
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connection.close()

    def register(person):
        try:
            barrier.wait(timeout=20)
            services.registration_create_for_member(event=event, acting_user=person)
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in held]
    threads += [threading.Thread(target=register, args=(p,)) for p in newcomers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    event.refresh_from_db()
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    waiting = event.registrations.filter(status=Registration.Status.WAITLISTED).count()
    assert (confirmed, waiting) == (3, 3)
    assert (event.confirmed_count, event.waitlisted_count) == (3, 3)
