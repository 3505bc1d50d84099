"""The public list and detail pages: what they show, to whom, and in how many queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event
from tests.factories.events import EventFactory
from tests.factories.members import colleague_of, new_member
from tests.factories.reference import EpciFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def test_the_list_shows_upcoming_events_soonest_first_with_time_place_and_seats(client):
    EventFactory(title="Visite de la fromagerie", starts_at=timezone.now() + timedelta(days=20))
    sooner = EventFactory(title="Atelier vitrine", capacity=5)
    EventFactory(title="Soirée passée", starts_at=timezone.now() - timedelta(days=3))
    EventFactory(title="Brouillon secret", status=Event.Status.DRAFT, published_at=None)
    services.registration_create_for_member(event=sooner, acting_user=new_member())

    text = page_text(client.get(reverse("events:list")))

    assert text.index("Atelier vitrine") < text.index("Visite de la fromagerie")
    assert "Soirée passée" not in text and "Brouillon secret" not in text
    assert "4 places restantes" in text
    assert "Maison de l'entreprise, Lons-le-Saunier" in text
    local = timezone.localtime(sooner.starts_at)
    assert f"de {local:%H}h{local:%M}" in text


def test_past_events_are_archived_on_their_own_page(client):
    EventFactory(title="Soirée passée", starts_at=timezone.now() - timedelta(days=3))
    EventFactory(title="Atelier à venir")

    text = page_text(client.get(reverse("events:list"), {"passes": "1"}))

    assert "Soirée passée" in text and "Atelier à venir" not in text


def test_a_full_event_says_waiting_list_and_a_webinar_says_online(client):
    full = EventFactory(title="Complet", capacity=1)
    services.registration_create_for_member(event=full, acting_user=new_member())
    EventFactory(
        title="Webinaire TVA",
        kind=Event.Kind.WEBINAR,
        online_url="https://visio.example/tva",
        venue_name="",
        address="",
        commune=None,
    )

    text = page_text(client.get(reverse("events:list")))

    assert "Complet — liste d'attente" in text
    assert "En ligne" in text
    assert "visio.example" not in text


def test_filters_by_kind_territory_and_month(client):
    epci = EpciFactory()
    soon = timezone.now() + timedelta(days=40)
    EventFactory(title="Soirée ECLA", kind=Event.Kind.TERRITORY_EVENING, epci=epci, starts_at=soon)
    EventFactory(title="Atelier ailleurs", starts_at=soon)
    month = timezone.localtime(soon).strftime("%Y-%m")

    by_kind = page_text(client.get(reverse("events:list"), {"type": "territory_evening"}))
    by_epci = page_text(client.get(reverse("events:list"), {"territoire": epci.slug, "mois": month}))
    other_month = page_text(client.get(reverse("events:list"), {"mois": "2001-01"}))

    assert "Soirée ECLA" in by_kind and "Atelier ailleurs" not in by_kind
    assert "Soirée ECLA" in by_epci and "Atelier ailleurs" not in by_epci
    assert "Aucun événement à venir" in other_month


def test_a_bad_month_is_explained_in_french_and_kept(client):
    response = client.get(reverse("events:list"), {"mois": "décembre"})
    assert "Indiquez un mois sous la forme AAAA-MM" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_page_makes_a_constant_number_of_queries(client, django_assert_max_num_queries, rows):
    for n in range(rows):
        EventFactory(kind=Event.Kind.TERRITORY_EVENING if n % 2 else Event.Kind.WORKSHOP, epci=EpciFactory())
    # The page's own 4, the next instant time changes it, and the store of rendered public pages.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("events:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_the_detail_page_makes_a_constant_number_of_queries_for_a_member(
    client, django_assert_max_num_queries, rows
):
    event = EventFactory(capacity=100, per_company_limit=50)
    alice = new_member()
    for _ in range(rows):
        services.registration_create_for_member(event=event, acting_user=new_member())

    for _ in range(rows):
        colleague_of(alice)
    client.force_login(alice)
    with django_assert_max_num_queries(8):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200


def test_the_detail_shows_description_programme_and_an_openstreetmap_link(client):
    event = EventFactory(latitude="46.674", longitude="5.554")
    text = client.get(event.get_absolute_url()).content.decode()
    assert "Témoignages" in text and "Un atelier pratique" in text
    assert "https://www.openstreetmap.org/?mlat=46.674000&amp;mlon=5.554000" in text
    assert reverse("events:ics", kwargs={"slug": event.slug}) in text


def test_a_draft_is_hidden_from_the_public_but_previewed_by_staff(client, staff):
    event = EventFactory(status=Event.Status.DRAFT, published_at=None)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(staff)
    assert "Brouillon" in client.get(event.get_absolute_url()).content.decode()


def test_the_webinar_link_is_shown_only_to_registered_people(client):
    event = EventFactory(
        kind=Event.Kind.WEBINAR,
        online_url="https://visio.example/secret-42",
        venue_name="",
        commune=None,
        capacity=1,
    )
    registered, waiting, stranger = new_member(), new_member(), new_member()
    services.registration_create_for_member(event=event, acting_user=registered)
    services.registration_create_for_member(event=event, acting_user=waiting)

    assert "secret-42" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(stranger)
    assert "secret-42" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(waiting)
    assert "secret-42" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(registered)
    assert "secret-42" in client.get(event.get_absolute_url()).content.decode()
    assert "secret-42" not in client.get(reverse("events:ics", kwargs={"slug": event.slug})).content.decode()


def test_a_member_registers_in_one_click_and_the_seat_count_drops(client):
    event = EventFactory(capacity=3)
    alice = new_member()
    client.force_login(alice)

    response = client.post(
        reverse("events:register", kwargs={"slug": event.slug}), {"people": [alice.pk]}, follow=True
    )

    text = page_text(response)
    assert "est inscrit(e)" in text
    assert "Vous êtes inscrit(e)." in text
    assert "2 places restantes" in text


def test_the_space_lists_the_company_registrations_and_cancels_them(client):
    event = EventFactory(capacity=1)
    alice, bruno = new_member(), new_member()
    services.registration_create_for_member(event=event, acting_user=alice)
    [waiting] = services.registration_create_for_member(event=event, acting_user=bruno)
    client.force_login(alice)

    home = page_text(client.get(reverse("members:space")))
    assert event.title in home
    registration = event.registrations.get(email=alice.email)
    client.post(reverse("events:cancel", kwargs={"pk": registration.pk}))

    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert client.post(reverse("events:cancel", kwargs={"pk": waiting.pk})).status_code == 404


def test_the_space_card_costs_one_query_whatever_the_registrations(rf, django_assert_num_queries):
    from events.views.space import registrations_card

    alice = new_member()
    for _ in range(7):
        services.registration_create_for_member(event=EventFactory(), acting_user=alice)
    request = rf.get("/")
    request.user = alice
    with django_assert_num_queries(1):
        html = registrations_card(request, alice.company_role.company)
    assert html.count("<li ") == 5 and "Toutes vos inscriptions" in html
