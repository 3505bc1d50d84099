"""Staff change an event's date, time or place: after confirming, the registered people receive the new
details with the updated .ics (same UID, higher SEQUENCE)."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import services
from events.errors import EventError
from events.models import Event, Registration
from tests.events.test_admin_event_form import change_form_data, change_url
from tests.factories.events import EventFactory
from tests.factories.members import new_member

pytestmark = pytest.mark.django_db


def parse_ics(message) -> icalendar.Event:
    [(_filename, content, mimetype)] = message.attachments
    assert mimetype == "text/calendar"
    [item] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    return item


def ics_of(client, event) -> icalendar.Event:
    [item] = icalendar.Calendar.from_ical(
        client.get(reverse("events:ics", kwargs={"slug": event.slug})).content
    ).walk("VEVENT")
    return item


@pytest.fixture
def event_with_people(django_capture_on_commit_callbacks):
    """Two seats taken, one person waiting, one who cancelled, one guest who never confirmed."""
    event = EventFactory(capacity=2, title="Visite de la scierie")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            services.registration_create_for_member(event=event, acting_user=new_member())
        [gone] = services.registration_create_for_member(event=event, acting_user=new_member())
        services.registration_cancel(registration=gone, acting_user=None)
        services.registration_create_for_guest(event=event, name="Invitée", email="invitee@exemple.fr")
    mail.outbox.clear()
    event.refresh_from_db()
    return event


def test_staff_move_an_event_confirm_and_the_people_coming_get_the_updated_ics(
    client, staff, event_with_people, django_capture_on_commit_callbacks
):
    event = event_with_people
    before = ics_of(client, event)
    new_start = timezone.localtime(event.starts_at + timedelta(days=1)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    client.force_login(staff)

    response = client.post(
        change_url(event),
        change_form_data(
            event,
            starts_at_0=new_start.strftime("%d/%m/%Y"),
            starts_at_1="09:30:00",
            ends_at_0=new_start.strftime("%d/%m/%Y"),
            ends_at_1="11:30:00",
            venue_name="Scierie du Grandvaux",
        ),
    )

    # Saved, nobody told yet: staff are asked first, with the number of people concerned.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_event_notify_change", args=[event.pk])
    assert mail.outbox == []
    page = client.get(response["Location"]).content.decode()
    assert "Prévenir 3 personnes" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:events_event_notify_change", args=[event.pk]))
    assert response.status_code == 302

    expected = {r.email for r in event.registrations.filter(status__in=["confirmed", "waitlisted"])}
    assert len(expected) == 3
    assert {m.to[0] for m in mail.outbox} == expected
    message = mail.outbox[0]
    assert "Changement de date ou de lieu : Visite de la scierie" in message.subject
    assert "Scierie du Grandvaux" in message.body
    item = parse_ics(message)
    assert str(item["uid"]) == str(before["uid"])
    assert int(item["sequence"]) == int(before["sequence"]) + 1
    assert item.decoded("dtstart") == new_start
    assert item.decoded("dtend") == new_start.replace(hour=11)
    assert "Scierie du Grandvaux" in str(item["location"])
    # The public file says the same.
    assert int(ics_of(client, event)["sequence"]) == int(before["sequence"]) + 1


def test_confirming_twice_sends_the_emails_once(
    client, staff, event_with_people, django_capture_on_commit_callbacks
):
    event = event_with_people
    services.event_move(event=event, acting_user=staff, changes={"venue_name": "Salle des fêtes"})
    client.force_login(staff)
    url = reverse("admin:events_event_notify_change", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)

    assert len(mail.outbox) == 3


def test_a_change_of_the_description_only_neither_asks_nor_changes_the_calendar_version(
    client, staff, event_with_people
):
    event = event_with_people
    sequence = event.sequence
    client.force_login(staff)

    response = client.post(change_url(event), change_form_data(event, summary="Nouveau résumé"))

    assert response["Location"] == reverse("admin:events_event_changelist")
    event.refresh_from_db()
    assert event.summary == "Nouveau résumé"
    assert event.sequence == sequence
    assert not event.change_to_notify


def test_the_waiting_people_keep_their_place_and_the_webinar_link_goes_to_seat_holders_only(
    staff, django_capture_on_commit_callbacks
):
    event = EventFactory(
        kind=Event.Kind.WEBINAR, online_url="https://visio.example/secret", capacity=1, commune=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create_for_member(event=event, acting_user=new_member())
        [waiting] = services.registration_create_for_member(event=event, acting_user=new_member())
    mail.outbox.clear()
    services.event_move(
        event=event, acting_user=staff, changes={"starts_at": event.starts_at + timedelta(hours=1)}
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert services.event_notify_change(event=event, acting_user=staff) == 2

    [to_waiting] = [m for m in mail.outbox if m.to == [waiting.email]]
    assert "liste d'attente" in to_waiting.body
    assert "secret" not in to_waiting.body
    assert "secret" not in str(parse_ics(to_waiting).get("location", ""))
    [to_seat] = [m for m in mail.outbox if m.to != [waiting.email]]
    assert "https://visio.example/secret" in to_seat.body
    assert waiting.status == Registration.Status.WAITLISTED


def test_a_cancelled_event_cannot_be_moved(staff):
    event = EventFactory()
    services.event_cancel(event=event, acting_user=staff, reason="Intempéries")

    with pytest.raises(EventError, match="annulé"):
        services.event_move(event=event, acting_user=staff, changes={"venue_name": "Ailleurs"})


def test_cancelling_raises_the_calendar_version(client, staff):
    event = EventFactory()
    before = int(ics_of(client, event)["sequence"])

    services.event_cancel(event=event, acting_user=staff, reason="Intempéries")

    event.refresh_from_db()
    assert event.sequence == before + 1


def test_moving_an_event_nobody_registered_to_asks_nothing(client, staff):
    event = EventFactory()
    client.force_login(staff)

    response = client.post(change_url(event), change_form_data(event, venue_name="Salle des fêtes"))

    assert response["Location"] == reverse("admin:events_event_changelist")
    event.refresh_from_db()
    assert event.venue_name == "Salle des fêtes"
    assert event.sequence == 1
    assert not event.change_to_notify
