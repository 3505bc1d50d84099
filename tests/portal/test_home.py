from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from members.models import Company
from tests.factories.directory import listed_company
from tests.factories.events import EventFactory


def test_the_home_page_shows_the_latest_listed_members_newest_first(client, db):
    listed_company("Scierie des Rousses", member_since=timezone.localdate() - timedelta(days=400))
    listed_company("Fromagerie de Poligny", member_since=timezone.localdate() - timedelta(days=3))
    listed_company("Atelier Caché", status=Company.Status.SUSPENDED)

    text = client.get(reverse("home")).text

    assert text.index("Fromagerie de Poligny") < text.index("Scierie des Rousses")
    assert "Atelier Caché" not in text


def test_the_home_page_shows_the_next_published_events_only(client, db):
    EventFactory(title="Visite de la saboterie", starts_at=timezone.now() + timedelta(days=2))
    EventFactory(title="Atelier en préparation", status=Event.Status.DRAFT, published_at=None)
    EventFactory(title="Soirée passée", starts_at=timezone.now() - timedelta(days=5))

    text = client.get(reverse("home")).text

    assert "Visite de la saboterie" in text
    assert "Atelier en préparation" not in text
    assert "Soirée passée" not in text


def test_the_home_page_costs_the_same_queries_with_many_members_and_events(client, db):
    listed_company("Menuiserie Vuillet")
    EventFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for n in range(8):
        listed_company(f"Tournerie {n}", trades=("Tournerie", "Jouets"))
        EventFactory()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("home"))

    assert len(many) == len(few) <= 8


def test_an_empty_network_says_what_is_coming(client, db):
    text = client.get(reverse("home")).text

    assert "Aucun événement n'est annoncé pour le moment." in text
    assert "L'annuaire des adhérents ouvre bientôt." in text
