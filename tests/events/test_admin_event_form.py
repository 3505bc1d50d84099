"""Staff edit an event in the admin: the seat count stays exact, whatever happens meanwhile."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from events import services
from events.admin import EventAdmin
from events.models import Event, Registration
from tests.factories.events import EventFactory
from tests.factories.members import new_member
from tests.factories.reference import commune, epci


def change_form_data(event: Event, **changes) -> dict:
    """What the admin's change form posts back for this event, with some fields changed."""
    data = {
        "title": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "summary": event.summary,
        "description": event.description,
        "programme": event.programme,
        "venue_name": event.venue_name,
        "address": event.address,
        "commune": event.commune_id or "",
        "epci": event.epci_id or "",
        "latitude": "",
        "longitude": "",
        "online_url": event.online_url,
        "audience": event.audience,
        "capacity": event.capacity,
        "per_company_limit": event.per_company_limit,
    }
    for name in ("starts_at", "ends_at", "registration_deadline"):
        value = getattr(event, name)
        local = timezone.localtime(value) if value else None
        data[f"{name}_0"] = local.strftime("%d/%m/%Y") if local else ""
        data[f"{name}_1"] = local.strftime("%H:%M:%S") if local else ""
    data.update(changes)
    return data


def change_url(event: Event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


@pytest.mark.django_db
def test_staff_cannot_lower_the_capacity_below_the_seats_already_taken(client, staff):
    event = EventFactory(capacity=3)
    for _ in range(2):
        services.registration_create_for_member(event=event, acting_user=new_member())
    client.force_login(staff)

    response = client.post(change_url(event), change_form_data(event, capacity=1))

    assert response.status_code == 200
    assert "annulez des inscriptions avant de réduire la jauge" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 3


@pytest.mark.django_db
def test_more_seats_given_in_the_admin_go_to_the_first_people_waiting(client, staff):
    event = EventFactory(capacity=1)
    people = [new_member() for _ in range(3)]
    for person in people:
        services.registration_create_for_member(event=event, acting_user=person)
    client.force_login(staff)

    response = client.post(change_url(event), change_form_data(event, capacity=2))

    assert response.status_code == 302
    assert event.registrations.get(email=people[1].email).status == Registration.Status.CONFIRMED
    assert event.registrations.get(email=people[2].email).status == Registration.Status.WAITLISTED
    event.refresh_from_db()
    assert (event.confirmed_count, event.waitlisted_count) == (2, 1)


@pytest.mark.django_db(transaction=True)
def test_a_registration_made_while_staff_save_the_event_is_not_lost_from_the_seat_count(
    client, staff, monkeypatch
):
    """Staff fix a typo in the title while a member takes the last seat: the count must not go back."""
    event = EventFactory(capacity=2)
    services.registration_create_for_member(event=event, acting_user=new_member())
    latecomer = new_member()
    outcome = {}

    def register_meanwhile():
        try:
            outcome["status"] = services.registration_create_for_member(event=event, acting_user=latecomer)[
                0
            ].status
        except Exception as error:  # noqa: BLE001 - shown in the assertion
            outcome["status"] = repr(error)
        finally:
            connection.close()

    original_save_model = EventAdmin.save_model
    thread = threading.Thread(target=register_meanwhile)

    def save_model_while_someone_registers(self, request, obj, form, change):
        thread.start()
        thread.join(timeout=2)  # blocks here only if the event's row is not locked by the edit
        return original_save_model(self, request, obj, form, change)

    monkeypatch.setattr(EventAdmin, "save_model", save_model_while_someone_registers)
    client.force_login(staff)

    response = client.post(change_url(event), change_form_data(event, title="Atelier export (corrigé)"))
    thread.join(timeout=20)

    assert response.status_code == 302
    assert outcome["status"] == Registration.Status.CONFIRMED
    event.refresh_from_db()
    assert event.title == "Atelier export (corrigé)"
    assert event.confirmed_count == event.registrations.holding_seat().count() == 2
    assert event.seats_left == 0


@pytest.mark.django_db(transaction=True)
def test_an_event_cancelled_while_staff_save_it_stays_cancelled(client, staff, monkeypatch):
    event = EventFactory(capacity=2)
    services.registration_create_for_member(event=event, acting_user=new_member())
    original_save_model = EventAdmin.save_model

    def cancel_meanwhile():
        try:
            services.event_cancel(event=event, acting_user=staff, reason="Salle inondée")
        finally:
            connection.close()

    thread = threading.Thread(target=cancel_meanwhile)

    def save_model_while_cancelled(self, request, obj, form, change):
        thread.start()
        thread.join(timeout=2)
        return original_save_model(self, request, obj, form, change)

    monkeypatch.setattr(EventAdmin, "save_model", save_model_while_cancelled)
    client.force_login(staff)

    client.post(change_url(event), change_form_data(event, summary="Nouveau résumé"))
    thread.join(timeout=20)

    event.refresh_from_db()
    assert event.is_cancelled and event.confirmed_count == 0
    assert event.summary == "Nouveau résumé"


@pytest.mark.django_db
def test_staff_cannot_delete_a_registration_and_lose_the_seat_it_held(client, staff):
    """Deleting would leave the seat counted as taken; staff cancel instead (the waiting list moves up)."""
    event = EventFactory(capacity=1)
    [registration] = services.registration_create_for_member(event=event, acting_user=new_member())
    client.force_login(staff)

    response = client.post(
        reverse("admin:events_registration_delete", args=[registration.pk]), {"post": "yes"}
    )
    changelist = client.get(reverse("admin:events_registration_changelist")).content.decode()

    assert response.status_code == 403
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert 'value="delete_selected"' not in changelist


@pytest.mark.django_db
def test_an_event_with_registrations_cannot_be_deleted_only_cancelled(client, staff):
    event = EventFactory()
    services.registration_create_for_member(event=event, acting_user=new_member())
    empty_draft = EventFactory(status=Event.Status.DRAFT, published_at=None)
    client.force_login(staff)

    refused = client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
    client.post(
        reverse("admin:events_event_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    client.post(reverse("admin:events_event_delete", args=[empty_draft.pk]), {"post": "yes"})

    assert refused.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()
    assert not Event.objects.filter(pk=empty_draft.pk).exists()


@pytest.mark.django_db
def test_a_registration_deadline_after_the_end_of_the_event_is_refused(client, staff):
    event = EventFactory()
    client.force_login(staff)
    late = timezone.localtime(event.ends_at + timezone.timedelta(days=1))

    response = client.post(
        change_url(event),
        change_form_data(
            event,
            registration_deadline_0=late.strftime("%d/%m/%Y"),
            registration_deadline_1=late.strftime("%H:%M:%S"),
        ),
    )

    assert response.status_code == 200
    assert "La clôture des inscriptions doit précéder la fin de l" in response.content.decode()
    event.refresh_from_db()
    assert event.registration_deadline is None


@pytest.mark.django_db
def test_a_territory_evening_takes_the_intercommunality_of_its_commune(client, staff):

    grand_dole = epci("CA du Grand Dole", "grand-dole")
    dole = commune("Dole", "dole", in_epci=grand_dole)
    elsewhere = epci("CC Jura Nord", "jura-nord")
    event = EventFactory(kind=Event.Kind.TERRITORY_EVENING, commune=None, epci=elsewhere)
    client.force_login(staff)

    page = client.get(change_url(event)).content.decode()
    response = client.post(change_url(event), change_form_data(event, commune=dole.pk, epci=elsewhere.pk))

    assert 'name="epci"' in page and "disabled" in page.split('name="epci"')[1].split(">")[0]
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.commune, event.epci) == (dole, grand_dole)


@pytest.mark.django_db
def test_a_territory_evening_without_a_commune_is_refused(client, staff):

    event = EventFactory(kind=Event.Kind.TERRITORY_EVENING, commune=None, epci=epci())
    client.force_login(staff)

    response = client.post(change_url(event), change_form_data(event, commune=""))

    assert response.status_code == 200
    assert "son intercommunalité en découle" in response.content.decode()


@pytest.mark.django_db
def test_staff_publish_a_draft_from_its_own_page_after_confirming(client, staff):
    event = EventFactory(status=Event.Status.DRAFT, published_at=None)
    client.force_login(staff)

    page = client.get(change_url(event)).content.decode()
    publish_url = reverse("admin:events_event_publish", args=[event.pk])
    confirmation = client.get(publish_url)
    event.refresh_from_db()
    assert publish_url in page
    assert "Revenir sans publier" in confirmation.content.decode()
    assert event.status == Event.Status.DRAFT  # asking is not publishing

    response = client.post(publish_url)

    assert response.status_code == 302 and response.url == change_url(event)
    event.refresh_from_db()
    assert event.is_published
    assert publish_url not in client.get(change_url(event)).content.decode()


@pytest.mark.django_db
def test_publishing_from_the_page_tells_why_it_is_refused(client, staff):
    event = EventFactory(
        status=Event.Status.DRAFT,
        published_at=None,
        starts_at=timezone.now() - timezone.timedelta(days=3),
        ends_at=timezone.now() - timezone.timedelta(days=2),
    )
    client.force_login(staff)

    response = client.post(reverse("admin:events_event_publish", args=[event.pk]))

    assert "déjà passé" in response.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


@pytest.mark.django_db
def test_staff_cancel_an_event_from_its_own_page_with_a_reason(client, staff):
    event = EventFactory()
    client.force_login(staff)
    cancel_url = reverse("admin:events_event_cancel", args=[event.pk])

    assert cancel_url in client.get(change_url(event)).content.decode()
    refused = client.post(cancel_url, {"reason": ""})
    assert refused.status_code == 200
    event.refresh_from_db()
    assert not event.is_cancelled

    client.post(cancel_url, {"reason": "Salle indisponible"})
    event.refresh_from_db()
    assert event.is_cancelled and event.cancellation_reason == "Salle indisponible"
