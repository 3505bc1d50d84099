"""Guests (no account) register to public events and confirm through the link in their email."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


def link_in(message, name: str) -> str:
    return re.search(rf"https?://[^\s\"]*/evenements/inscription/{name}/[^\s\"]+/", message.body)[0]


def ask(client, event, **data):
    payload = {"name": "Jeanne Vuillet", "email": "jeanne@exemple.fr", "organisation": "", "website": ""}
    payload.update(data)
    return client.post(reverse("events:guest_register", kwargs={"slug": event.slug}), payload)


def test_a_guest_gets_a_seat_only_after_confirming_from_the_email(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, event)

    assert "Vérifiez votre boîte e-mail" in response.content.decode()
    registration = Registration.objects.get(email="jeanne@exemple.fr")
    assert registration.status == Registration.Status.PENDING
    event.refresh_from_db()
    assert event.confirmed_count == 0
    [message] = mail.outbox
    assert "Confirmez votre inscription" in message.subject
    url = link_in(message, "confirmer")

    page = client.get(url)
    assert "Confirmer mon inscription" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING, "opening the link alone confirms nothing"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    event.refresh_from_db()
    assert event.confirmed_count == 1
    confirmation = mail.outbox[-1]
    assert "Inscription confirmée" in confirmation.subject and confirmation.attachments


def test_a_guest_cancels_from_the_link_in_their_confirmation(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, event)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mail.outbox[-1], "confirmer"))
    cancel_url = link_in(mail.outbox[-1], "annuler")

    assert "Oui, annuler mon inscription" in client.get(cancel_url).content.decode()
    client.post(cancel_url)

    assert Registration.objects.get(email="jeanne@exemple.fr").status == Registration.Status.CANCELLED
    event.refresh_from_db()
    assert event.confirmed_count == 0


def test_a_forged_link_is_refused(client):
    response = client.get(reverse("events:guest_confirm", kwargs={"token": "abc:def"}))
    assert response.status_code == 400
    assert "plus valable" in response.content.decode()


def test_a_members_only_event_refuses_guests(client):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    response = ask(client, event)
    assert response.status_code == 400
    assert "Réservé aux entreprises adhérentes" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_bad_address_is_explained_and_the_name_is_kept(client):
    response = ask(client, EventFactory(), email="pas-une-adresse")
    text = response.content.decode()
    assert response.status_code == 400
    assert "Jeanne Vuillet" in text
    assert "adresse" in text.lower() and "valide" in text.lower()


def test_a_robot_filling_the_hidden_field_registers_nobody_and_is_not_told(client):
    response = ask(client, EventFactory(), website="http://spam.example")
    assert "Vérifiez votre boîte e-mail" in response.content.decode()
    assert not Registration.objects.exists()


def test_guest_registrations_are_rate_limited(client, settings):
    settings.EVENT_GUEST_RATE = "2/h"
    event = EventFactory()
    for n in range(2):
        assert ask(client, event, email=f"g{n}@exemple.fr").status_code == 200
    assert ask(client, event, email="g3@exemple.fr").status_code == 429


def test_registering_twice_with_the_same_address_creates_one_registration(client):
    event = EventFactory()
    ask(client, event)
    response = ask(client, event, email="JEANNE@exemple.fr")
    assert "Vérifiez votre boîte e-mail" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_confirmation_link_expires_and_asking_again_sends_a_fresh_one(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EVENT_GUEST_CONFIRM_MAX_AGE_DAYS = 7
    event = EventFactory(starts_at=timezone.now() + timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, event)
    old_link = link_in(mail.outbox[-1], "confirmer")

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        refused = client.post(old_link)
        with django_capture_on_commit_callbacks(execute=True):
            ask(client, event)
        fresh_link = link_in(mail.outbox[-1], "confirmer")
        client.post(fresh_link)

    assert refused.status_code == 400 and "plus valable" in refused.content.decode()
    registration = Registration.objects.get(email="jeanne@exemple.fr")
    assert registration.status == Registration.Status.CONFIRMED


def test_a_link_signed_for_confirming_cannot_cancel(client, django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, event)
    confirm_link = link_in(mail.outbox[-1], "confirmer")
    token = confirm_link.rstrip("/").rsplit("/", 1)[-1]

    response = client.post(reverse("events:cancel_link", kwargs={"token": token}))

    assert response.status_code == 400
    assert Registration.objects.get().status == Registration.Status.PENDING
