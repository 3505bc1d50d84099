"""People have names: asked at sign-up, asked once of older accounts, and shown wherever a person appears
(greetings, the history, invitations, attendee lists, check-in, speed-dating schedules)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from events import services as events
from members import invitations
from tests.factories.events import EventFactory
from tests.factories.members import CompanyFactory, UserFactory, owner_of
from tests.pages import page_text

pytestmark = pytest.mark.django_db
PASSWORD = "Jura-mot-de-passe-42"


def nameless(email: str):
    """An account made before names were asked."""
    user = UserFactory(email=email, first_name="", last_name="")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_sign_up_asks_the_first_and_last_name(client, django_capture_on_commit_callbacks):
    page = client.get(reverse("account_signup")).text
    assert page.index('name="first_name"') < page.index('name="last_name"') < page.index('name="email"')
    form = {"email": "lea@scierie.fr", "password1": "Sapin-du-Jura-39", "password2": "Sapin-du-Jura-39"}
    response = client.post(reverse("account_signup"), form)
    assert "Indiquez votre prénom." in response.text and "Indiquez votre nom." in response.text
    assert not get_user_model().objects.filter(email="lea@scierie.fr").exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), {**form, "first_name": " Léa ", "last_name": "Bourgeois"})
    user = get_user_model().objects.get(email="lea@scierie.fr")
    assert (user.first_name, user.last_name, user.display_name) == ("Léa", "Bourgeois", "Léa Bourgeois")
    [message] = mail.outbox
    assert message.body.startswith("Bonjour Léa,")  # the verification email greets her by name


def test_an_account_without_a_name_is_asked_once_then_goes_where_it_was_going(client):
    user = nameless("marc@jouets.fr")
    company = CompanyFactory(owner=user)
    client.force_login(user)

    response = client.get(reverse("members:space"))
    assert response["Location"].startswith(reverse("members:name"))
    page = client.get(response["Location"])
    assert "Comment vous appelez-vous ?" in page_text(page)
    assert client.get(reverse("members:apply"))["Location"].startswith(reverse("members:name"))

    response = client.post(
        reverse("members:name"),
        {"first_name": "Marc", "last_name": "Cretin", "next": reverse("members:space")},
    )
    assert response["Location"] == reverse("members:space")
    text = page_text(client.get(reverse("members:space")))
    assert company.display_name in text
    assert "Marc Cretin (responsable, vous)" in text


def test_the_name_page_refuses_an_outside_next_address(client):
    user = nameless("marc@jouets.fr")
    client.force_login(user)
    response = client.post(
        reverse("members:name"),
        {"first_name": "Marc", "last_name": "Cretin", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("members:space")


def test_logging_in_greets_the_person_by_name(client):
    user = UserFactory(email="claire@fromagerie.fr", first_name="Claire", last_name="Vuillermoz")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True)
    assert "Connexion avec Claire Vuillermoz réussie." in response.text
    assert "Connexion avec claire@fromagerie.fr" not in response.text


def test_registrations_attendee_lists_and_check_in_show_the_name_once_given(client, staff):
    user = nameless("marc@jouets.fr")
    CompanyFactory(owner=user)
    event = EventFactory(title="Atelier export")
    [registration] = events.registration_create_for_member(event=event, acting_user=user)
    assert registration.name == "marc@jouets.fr"

    client.force_login(user)
    client.post(reverse("members:name"), {"first_name": "Marc", "last_name": "Cretin"})

    registration.refresh_from_db()
    assert registration.name == "Marc Cretin"
    client.force_login(staff)
    check_in = page_text(client.get(reverse("events:check_in", args=[event.slug])))
    assert "Marc Cretin" in check_in and "marc@jouets.fr" not in check_in
    attendees = page_text_admin(client.get(reverse("admin:events_event_attendees", args=[event.pk])))
    assert "Marc Cretin" in attendees


def page_text_admin(response) -> str:
    import re
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_an_invitation_greets_the_colleague_by_name_and_names_their_account(
    client, django_capture_on_commit_callbacks
):
    company = CompanyFactory(legal_name="Fromagerie Vermot SARL")
    owner = owner_of(company)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("members:representatives"),
            {"first_name": "Lou", "last_name": "Girard", "email": "lou@fromagerie.fr"},
        )
    [message] = mail.outbox
    assert message.body.startswith("Bonjour Lou,")
    assert owner.display_name in message.subject

    colleague = nameless("lou@fromagerie.fr")
    token = invitations.make_token(
        company=company, email=colleague.email, inviter=owner, first_name="Lou", last_name="Girard"
    )
    client.force_login(colleague)
    client.post(reverse("members:invitation_accept", args=[token]))
    colleague.refresh_from_db()
    assert colleague.display_name == "Lou Girard"

    client.force_login(owner)
    space = page_text(client.get(reverse("members:space")))
    assert "Invitation envoyée à Lou Girard (lou@fromagerie.fr)" in space
    assert "Lou Girard (représentant)" in space
