"""The offers tests' Christmas market, where members' offers are shown."""

import pytest

from events.models import Event
from tests.factories.events import EventFactory


@pytest.fixture
def christmas_market(db):
    return EventFactory(
        title="Marché de Noël des adhérents",
        slug="marche-de-noel-des-adherents",
        kind=Event.Kind.CHRISTMAS_MARKET,
        audience=Event.Audience.MEMBERS,
        capacity=200,
    )
