"""Staff edit an event through event_update: every change audited, the seat rule kept by the service."""

from datetime import timedelta

import pytest

from events import services
from events.errors import EventError
from events.models import Event
from jura_portal.models import AuditEntry
from tests.events.test_admin_event_form import change_form_data, change_url
from tests.factories.events import EventFactory
from tests.factories.members import new_member
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def entries(event: Event, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, target_id=str(event.pk)).order_by("pk"))


def test_an_edit_is_audited_with_the_fields_changed_and_their_values_before_and_after(staff):
    event = EventFactory(title="Atelier export", capacity=10)

    update = services.event_update(
        event=event, acting_user=staff, changes={"title": "Atelier export (complet)", "capacity": 12}
    )

    assert update.fields == ["title", "capacity"]
    [entry] = entries(event, "event.updated")
    assert entry.actor == staff
    assert entry.details == {
        "fields": ["title", "capacity"],
        "before": {"title": "Atelier export", "capacity": "10"},
        "after": {"title": "Atelier export (complet)", "capacity": "12"},
    }
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("Atelier export (complet)", 12)


def test_values_that_do_not_change_are_neither_saved_nor_audited(staff):
    event = EventFactory(title="Atelier export")

    update = services.event_update(event=event, acting_user=staff, changes={"title": "Atelier export"})

    assert update.fields == []
    assert entries(event, "event.updated") == []


def test_fewer_seats_than_people_holding_one_is_refused_and_nothing_of_the_edit_is_kept(staff):
    event = EventFactory(title="Atelier export", capacity=3)
    for _ in range(2):
        services.registration_create_for_member(event=event, acting_user=new_member())

    with pytest.raises(EventError, match="2 personnes ont déjà une place") as refused:
        services.event_update(
            event=event, acting_user=staff, changes={"title": "Nouveau titre", "capacity": 1}
        )

    assert refused.value.field == "capacity"
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("Atelier export", 3)
    assert entries(event, "event.updated") == []


def test_a_new_date_goes_through_the_move_a_new_calendar_version_audited_as_a_move(staff):
    event = EventFactory()
    later = event.starts_at + timedelta(days=7)

    services.event_update(
        event=event,
        acting_user=staff,
        changes={
            "starts_at": later,
            "ends_at": later + timedelta(hours=2),
            "summary": "Reporté d'une semaine.",
        },
    )

    event.refresh_from_db()
    assert event.sequence == 1 and event.starts_at == later
    [moved] = entries(event, "event.moved")
    assert moved.details["fields"] == ["starts_at", "ends_at"]
    assert moved.details["after"]["starts_at"] == str(later)
    [updated] = entries(event, "event.updated")
    assert updated.details["fields"] == ["summary"]


def test_the_admin_shows_the_refusal_on_the_capacity_field_and_keeps_nothing(client, staff):
    event = EventFactory(title="Atelier export", capacity=3)
    for _ in range(2):
        services.registration_create_for_member(event=event, acting_user=new_member())
    client.force_login(staff)

    response = client.post(change_url(event), change_form_data(event, title="Nouveau titre", capacity=1))

    assert response.status_code == 200
    capacity_errors = response.context["adminform"].form.errors["capacity"]
    assert capacity_errors == [
        "2 personnes ont déjà une place : annulez des inscriptions avant de réduire la jauge."
    ]
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("Atelier export", 3)
    assert entries(event, "event.updated") == []


def test_an_edit_saved_in_the_admin_is_audited_in_the_name_of_the_staff_member(client, staff):
    event = EventFactory(summary="Ancien résumé")
    event.epci = event.commune.epci  # as the admin's form fills it when the event is created
    event.save(update_fields=["epci"])
    client.force_login(staff)

    response = client.post(change_url(event), change_form_data(event, summary="Nouveau résumé"))

    assert response.status_code == 302
    [entry] = entries(event, "event.updated")
    assert entry.actor == staff
    assert entry.details["fields"] == ["summary"]
    assert entry.details["before"] == {"summary": "Ancien résumé"}


def test_staff_read_an_edit_in_the_events_history_in_french_field_by_field(client, staff):
    event = EventFactory(title="Atelier export", capacity=10)
    services.event_update(event=event, acting_user=staff, changes={"capacity": 12})
    client.force_login(staff)

    page = page_text(client.get(change_url(event)))

    assert "Historique (journal d'audit)" in page
    assert "Événement modifié" in page
    capacity = str(Event._meta.get_field("capacity").verbose_name)
    assert f"avant : {capacity} : 10" in page
    assert f"après : {capacity} : 12" in page
    assert "{'capacity'" not in page and "capacity :" not in page
