"""Event pages carry schema.org Event data and OpenGraph tags; the home page has OpenGraph with a default
image drawn from the brand artwork (issue 15)."""

import json
import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from events.models import Event
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


def og(html: str) -> dict[str, str]:
    return {
        name: unescape(value)
        for name, value in re.findall(r'<meta property="(og:[^"]+)" content="([^"]*)"', html)
    }


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_an_event_page_describes_the_event_to_search_engines_and_link_previews(client):
    starts = (timezone.now() + timedelta(days=12)).replace(microsecond=0)
    event = EventFactory(
        title="Visite de la tournerie <Vuillet> & fils", starts_at=starts, ends_at=starts + timedelta(hours=2)
    )

    html = client.get(event.get_absolute_url()).content.decode()

    data = json_ld(html)
    assert data["@type"] == "Event"
    assert data["name"] == "Visite de la tournerie <Vuillet> & fils"
    assert "</script" not in html.split('application/ld+json">')[1].split("</script>")[0]
    assert data["startDate"] == starts.isoformat()
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["streetAddress"] == "1 rue de la Paix"
    assert data["location"]["address"]["addressLocality"] == event.commune.name
    assert data["url"] == settings.SITE_URL + event.get_absolute_url()

    tags = og(html)
    assert tags["og:title"] == "Visite de la tournerie <Vuillet> & fils"
    assert tags["og:description"] == "Vendre hors du Jura sans perdre son âme."
    assert tags["og:url"] == settings.SITE_URL + event.get_absolute_url()
    assert tags["og:image"].startswith(settings.SITE_URL) and tags["og:image"].endswith(".png")


def test_a_cancelled_webinar_says_so_and_keeps_its_link_for_the_registered(client):
    event = EventFactory(
        kind=Event.Kind.WEBINAR,
        status=Event.Status.CANCELLED,
        cancelled_at=timezone.now(),
        online_url="https://visio.example/secret-room",
    )

    html = client.get(event.get_absolute_url()).content.decode()

    data = json_ld(html)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": settings.SITE_URL + event.get_absolute_url(),
    }
    assert "secret-room" not in json.dumps(data)


def test_the_home_page_has_opengraph_with_the_default_image(client):
    html = client.get(reverse("home")).content.decode()

    tags = og(html)
    assert tags["og:title"].startswith("Made in Jura")
    assert tags["og:url"] == settings.SITE_URL + "/"
    assert tags["og:image"].startswith(settings.SITE_URL) and "og-default" in tags["og:image"]
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    with Image.open(Path(settings.BASE_DIR) / "static" / "img" / "og-default.png") as image:
        assert image.size == (1200, 630)
