"""The events bench at a tiny scale: the seeder's rows hold together, the concurrency scenario is exact."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection

from bench import events as bench_events
from events.models import Event, Registration
from tests.factories.members import CompanyFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_seeder_writes_events_with_counters_matching_their_registrations():
    for _ in range(12):
        CompanyFactory()

    rows = bench_events.seed_events(0.005)

    assert Event.objects.count() == 10
    assert rows == 10 + Registration.objects.count()
    busy = Event.objects.get(slug=bench_events.BUSY_SLUG)
    assert busy.confirmed_count == busy.registrations.filter(status="confirmed").count() == 12
    for event in Event.objects.all():
        assert event.confirmed_count == event.registrations.filter(status="confirmed").count()
        assert event.waitlisted_count == event.registrations.filter(status="waitlisted").count()


def test_the_concurrency_scenario_confirms_exactly_the_seats():
    for _ in range(30):
        CompanyFactory()

    result = bench_events.scenario_concurrent_registrations(attempts=30, seats=10)

    assert (result["attempts"], result["confirmed"], result["waitlisted"], result["errors"]) == (
        30,
        10,
        20,
        0,
    )
    assert result["exact"] and result["p95_ms"] is not None
    assert not Event.objects.filter(slug=bench_events.SCENARIO_SLUG).exists()


@contextmanager
def pool_of_two_that_waits_a_millisecond() -> Iterator[dict]:
    """A pool far smaller and less patient than the burst needs (DATABASE_POOL_TIMEOUT on a loaded machine)."""
    options = connection.settings_dict["OPTIONS"].get("pool")
    if not isinstance(options, dict):
        pytest.skip("no connection pool configured (DATABASE_POOL_MAX_SIZE=0)")
    configured = dict(options)
    connection.close()
    connection.close_pool()
    options.update(max_size=2, timeout=0.001)
    try:
        yield options
    finally:
        connection.close()
        connection.close_pool()
        options.clear()
        options.update(configured)


def test_the_burst_waits_for_the_pool_rather_than_failing():
    for _ in range(30):
        CompanyFactory()

    with pool_of_two_that_waits_a_millisecond() as options:
        result = bench_events.scenario_concurrent_registrations(attempts=30, seats=10)
        assert options["timeout"] == 0.001  # as configured again after the scenario

    assert (result["confirmed"], result["waitlisted"], result["errors"]) == (10, 20, 0)
    assert result["exact"] and result["per_second"] > 0
