"""iCalendar (.ics) files: one event for "ajouter à mon agenda" and emails, the feed of public events."""

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone

from events.models import Event

PRODID = "-//Made in Jura//Portail des adhérents//FR"


def _uid(event: Event) -> str:
    host = settings.SITE_URL.split("://")[-1].split("/")[0] or "madeinjura.fr"
    return f"event-{event.pk}@{host}"


def _vevent(event: Event, *, with_online_link: bool) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", _uid(event))
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", event.title)
    url = settings.SITE_URL + event.get_absolute_url()
    item.add("url", url)
    description = [event.summary] if event.summary else []
    if with_online_link and event.online_url:
        description.append(f"Lien de connexion : {event.online_url}")
    description.append(url)
    item.add("description", "\n\n".join(description))
    if event.is_online:
        item.add("location", event.online_url if with_online_link and event.online_url else "En ligne")
    else:
        location = ", ".join(
            p for p in (event.venue_name, event.address, event.commune.name if event.commune_id else "") if p
        )
        if location:
            item.add("location", location)
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("sequence", event.sequence)
    return item


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def event_ics(event: Event, *, with_online_link: bool = False) -> str:
    """One event; the webinar link only in a registered person's copy."""
    calendar = _calendar(event.title)
    calendar.add_component(_vevent(event, with_online_link=with_online_link))
    return calendar.to_ical().decode()


def feed_ics(events: Iterable[Event]) -> str:
    """The feed of upcoming public events (never a webinar link)."""
    calendar = _calendar("Made in Jura — événements")
    for event in events:
        calendar.add_component(_vevent(event, with_online_link=False))
    return calendar.to_ical().decode()


def ics_attachment(event: Event, *, with_online_link: bool) -> tuple[str, str, str]:
    return (f"{event.slug}.ics", event_ics(event, with_online_link=with_online_link), "text/calendar")
