"""`make run` shows the offers: realistic ones, most for the Christmas market, loaded once."""

from io import StringIO

import pytest
from django.core.management import call_command

from offers.models import Offer


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_reference", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())


def test_the_demo_has_live_offers_most_of_them_for_the_christmas_market(demo):
    live = Offer.objects.live()
    assert live.count() >= 6
    assert live.filter(event__kind="christmas_market").count() >= 4
    assert live.filter(title="Coffrets comté et morbier pour vos clients").exists()


def test_loading_the_demo_twice_adds_no_offer(demo):
    before = Offer.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Offer.objects.count() == before
