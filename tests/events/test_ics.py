"""Calendar files: each event, the feed of public events, the emailed attachment; parsed back with icalendar."""

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from events import services
from events.models import Event
from tests.factories.events import EventFactory
from tests.factories.members import new_member

pytestmark = pytest.mark.django_db


def test_the_event_file_parses_back_with_its_times_and_place(client):
    event = EventFactory(title="Visite de la lunetterie")
    response = client.get(reverse("events:ics", kwargs={"slug": event.slug}))

    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    [item] = calendar.walk("VEVENT")
    assert str(item["summary"]) == "Visite de la lunetterie"
    assert item.decoded("dtstart") == event.starts_at.replace(microsecond=0)
    assert item.decoded("dtend") == event.ends_at.replace(microsecond=0)
    assert "Lons-le-Saunier" in str(item["location"])
    assert str(item["uid"]).startswith(f"event-{event.pk}@")


def test_the_feed_lists_upcoming_public_events_only(client):
    public = EventFactory(title="Marché de Noël des adhérents", kind=Event.Kind.CHRISTMAS_MARKET)
    EventFactory(title="Réservé", audience=Event.Audience.MEMBERS)
    EventFactory(title="Brouillon", status=Event.Status.DRAFT, published_at=None)

    calendar = icalendar.Calendar.from_ical(client.get(reverse("events:feed")).content)

    titles = [str(item["summary"]) for item in calendar.walk("VEVENT")]
    assert titles == [public.title]


def test_the_confirmation_email_carries_a_valid_ics_with_the_webinar_link(django_capture_on_commit_callbacks):
    event = EventFactory(kind=Event.Kind.WEBINAR, online_url="https://visio.example/secret-42", commune=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create_for_member(event=event, acting_user=new_member())

    [message] = mail.outbox
    assert "https://visio.example/secret-42" in message.body
    [(filename, content, mimetype)] = message.attachments
    calendar = icalendar.Calendar.from_ical(content)
    [item] = calendar.walk("VEVENT")
    assert item.decoded("dtstart") == event.starts_at.replace(microsecond=0)
    assert "secret-42" in str(item["location"])
    assert (filename, mimetype) == (f"{event.slug}.ics", "text/calendar")
