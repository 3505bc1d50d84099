"""The events bench at a tiny scale: the seeder's rows hold together, the concurrency scenario is exact."""

import pytest

from bench import events as bench_events
from events.models import Event, Registration
from tests.charter.factories_charter import CompanyFactory

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
