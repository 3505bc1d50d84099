"""Check-in by personal code: each confirmation carries a pass (QR code + typed code); staff check people
in by scanning or typing it; ticking keeps the list where it was."""

import base64
import io

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from events import checkin, services
from events.models import Event, Registration
from tests.factories.events import EventFactory
from tests.factories.members import new_member

pytestmark = pytest.mark.django_db


def test_the_code_reads_back_and_a_changed_one_is_refused():
    code = checkin.code(1234)

    assert code.startswith("1234-") and len(code) == 11
    assert checkin.read(code) == 1234
    assert checkin.read(code.lower()) == 1234  # typed in lower case
    assert checkin.read(f" {code[:7]} {code[7:]} ") == 1234  # typed with a space
    assert checkin.read(f"https://portail.example/evenements/x/pointage/?code={code}") == 1234  # scanned
    assert checkin.read(code.replace("1234-", "1235-")) is None
    assert checkin.read("1234-AAAAAA") is None
    assert checkin.read("") is None


def test_the_confirmation_email_carries_a_personal_pass(django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://portail.madeinjura.test"
    event = EventFactory(title="Visite de la scierie")
    with django_capture_on_commit_callbacks(execute=True):
        [registration] = services.registration_create_for_member(event=event, acting_user=new_member())

    [message] = mail.outbox
    code = checkin.code(registration.pk)
    assert f"code d'entrée : {code}" in message.body
    [(filename, content, _mimetype)] = [a for a in message.attachments if a[2] == "image/png"]
    assert filename == f"billet-{event.slug}.png"
    assert Image.open(io.BytesIO(content)).format == "PNG"
    # The QR code holds the check-in page's address with this person's code.
    assert checkin.url(registration) == (
        f"https://portail.madeinjura.test/evenements/{event.slug}/pointage/?code={code}"
    )
    assert content == base64.b64decode(checkin.qr_png_base64(registration))


def test_a_webinar_needs_no_pass(django_capture_on_commit_callbacks):
    event = EventFactory(kind=Event.Kind.WEBINAR, online_url="https://visio.example/x", commune=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create_for_member(event=event, acting_user=new_member())

    [message] = mail.outbox
    assert [a[2] for a in message.attachments] == ["text/calendar"]
    assert "code d'entrée" not in message.body


def test_staff_check_someone_in_by_their_code_and_land_on_their_row(client, staff):
    event = EventFactory()
    [registration] = services.registration_create_for_member(event=event, acting_user=new_member())
    client.force_login(staff)

    response = client.post(
        reverse("events:check_in_code", kwargs={"slug": event.slug}), {"code": checkin.code(registration.pk)}
    )

    assert response["Location"] == (
        reverse("events:check_in", kwargs={"slug": event.slug}) + f"#inscrit-{registration.pk}"
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert registration.checked_in_by == staff
    page = client.get(response["Location"]).content.decode()
    assert "est pointé(e) présent(e)" in page
    assert f'id="inscrit-{registration.pk}"' in page


def test_a_code_from_another_event_or_a_waiting_person_is_not_checked_in(client, staff):
    event, other = EventFactory(capacity=1), EventFactory()
    [elsewhere] = services.registration_create_for_member(event=other, acting_user=new_member())
    services.registration_create_for_member(event=event, acting_user=new_member())
    [waiting] = services.registration_create_for_member(event=event, acting_user=new_member())
    client.force_login(staff)
    url = reverse("events:check_in_code", kwargs={"slug": event.slug})

    page = client.post(url, {"code": checkin.code(elsewhere.pk)}, follow=True).content.decode()
    assert "ne correspond à aucune inscription à cet événement" in page
    page = client.post(url, {"code": checkin.code(waiting.pk)}, follow=True).content.decode()
    assert "Seule une personne inscrite (place confirmée)" in page

    assert Registration.objects.filter(status=Registration.Status.ATTENDED).count() == 0


def test_a_pass_scanned_with_the_phones_camera_app_opens_the_page_with_the_code_ready(client, staff):
    event = EventFactory()
    [registration] = services.registration_create_for_member(event=event, acting_user=new_member())
    client.force_login(staff)

    page = client.get(checkin.url(registration).removeprefix("http://127.0.0.1:8000")).content.decode()

    assert f'value="{checkin.code(registration.pk)}"' in page
    assert "js/checkin.js" in page


def test_ticking_from_the_list_brings_back_to_the_row(client, staff):
    event = EventFactory()
    [registration] = services.registration_create_for_member(
        event=event, acting_user=new_member(legal_name="Dupont & Fils")
    )
    client.force_login(staff)

    response = client.post(
        reverse("events:check_in_toggle", kwargs={"slug": event.slug, "pk": registration.pk}),
        {"q": "Dupont & Fils"},
    )

    assert response["Location"].endswith(f"?q=Dupont+%26+Fils#inscrit-{registration.pk}")


def test_check_in_by_code_is_for_staff_only(client):
    event = EventFactory()
    [registration] = services.registration_create_for_member(event=event, acting_user=new_member())
    client.force_login(registration.user)

    client.post(
        reverse("events:check_in_code", kwargs={"slug": event.slug}), {"code": checkin.code(registration.pk)}
    )

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
