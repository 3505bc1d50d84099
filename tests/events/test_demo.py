import pytest

from events.demo import DEMO_EVENTS, load_events
from events.models import Event
from tests.factories.members import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_loads_every_kind_with_full_events_and_runs_twice_without_duplicates():
    UserFactory(is_superuser=True, is_staff=True)
    for _ in range(8):
        CompanyFactory()

    summary = load_events()
    again = load_events()

    assert Event.objects.count() == len(DEMO_EVENTS)
    assert {e.kind for e in Event.objects.all()} == set(Event.Kind.values)
    assert any(e.is_full and e.waitlisted_count for e in Event.objects.all())
    assert "complets avec liste d'attente" in summary and "0 nouveaux" in again
    assert Event.objects.past().exists() and Event.objects.upcoming().exists()
