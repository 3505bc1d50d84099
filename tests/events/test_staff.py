"""Staff: publish (territory invitations), duplicate, cancel, attendee list and CSV, check-in, reminders."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events import services
from events.errors import EventError
from events.models import Event, Registration
from tests.factories.events import EventFactory
from tests.factories.members import CompanyFactory, UserFactory, new_member, owner_of
from tests.factories.reference import CommuneFactory, EpciFactory

pytestmark = pytest.mark.django_db


def test_publishing_a_territory_evening_invites_the_members_of_that_territory_once(
    staff, django_capture_on_commit_callbacks
):
    epci = EpciFactory()
    here = owner_of(CompanyFactory(commune=CommuneFactory(epci=epci)))
    elsewhere_epci = EpciFactory(siren="200000001", name="Haut-Jura", slug="haut-jura")
    elsewhere = owner_of(
        CompanyFactory(
            commune=CommuneFactory(insee_code="39478", name="Morez", slug="morez", epci=elsewhere_epci)
        )
    )
    event = EventFactory(
        kind=Event.Kind.TERRITORY_EVENING, epci=epci, status=Event.Status.DRAFT, published_at=None
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.event_publish(event=event, acting_user=staff)

    recipients = [m.to[0] for m in mail.outbox]
    assert here.email in recipients and elsewhere.email not in recipients
    event.refresh_from_db()
    assert event.invitations_sent_at is not None and event.is_published
    with pytest.raises(EventError, match="brouillon"):
        services.event_publish(event=event, acting_user=staff)


def test_cancelling_an_event_emails_everyone_registered(staff, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    seated, waiting = new_member(), new_member()
    services.registration_create_for_member(event=event, acting_user=seated)
    services.registration_create_for_member(event=event, acting_user=waiting)

    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, acting_user=staff, reason="Intempéries")

    assert sorted(m.to[0] for m in mail.outbox) == sorted([seated.email, waiting.email])
    assert all("Intempéries" in m.body for m in mail.outbox)
    assert set(event.registrations.values_list("status", flat=True)) == {"cancelled"}


def test_the_admin_cancel_page_requires_a_reason(client, staff):
    event = EventFactory()
    client.force_login(staff)
    url = reverse("admin:events_event_cancel", args=[event.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    client.post(url, {"reason": "Salle indisponible"})
    event.refresh_from_db()
    assert event.is_cancelled and event.cancellation_reason == "Salle indisponible"


def test_duplicating_makes_a_draft_without_registrations(staff):
    event = EventFactory()
    services.registration_create_for_member(event=event, acting_user=new_member())
    copy = services.event_duplicate(event=event, acting_user=staff)
    assert copy.status == Event.Status.DRAFT and copy.published_at is None
    assert copy.slug != event.slug and copy.confirmed_count == 0 and not copy.registrations.exists()


def test_the_attendee_list_and_csv_show_company_status_and_waiting_position(client, staff):
    event = EventFactory(capacity=1)
    first, second, third = new_member(), new_member(), new_member()
    for person in (first, second, third):
        services.registration_create_for_member(event=event, acting_user=person)
    client.force_login(staff)

    page = client.get(reverse("admin:events_event_attendees", args=[event.pk])).content.decode()
    csv_text = client.get(reverse("admin:events_event_attendees_csv", args=[event.pk])).content.decode(
        "utf-8-sig"
    )

    assert first.company_role.company.display_name in page
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Nom;E-mail;Entreprise;Statut;Position")
    third_line = next(line for line in lines if third.email in line)
    assert ";liste d'attente;2;" in third_line


def test_staff_add_someone_from_the_attendee_page(client, staff):
    event = EventFactory(registration_deadline=timezone.now() + timedelta(hours=1))
    client.force_login(staff)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        client.post(
            reverse("admin:events_event_attendees", args=[event.pk]),
            {"email": "maire@exemple.fr", "name": "La maire"},
        )
    registration = event.registrations.get()
    assert (registration.name, registration.status, registration.added_by_staff) == (
        "La maire",
        "confirmed",
        True,
    )


def test_check_in_page_finds_a_name_and_ticks_present(client, staff):
    event = EventFactory()
    alice = new_member(legal_name="Scierie du Grandvaux SARL")
    [registration] = services.registration_create_for_member(event=event, acting_user=alice)
    client.force_login(staff)
    url = reverse("events:check_in", kwargs={"slug": event.slug})

    page = client.get(url, {"q": "grandvaux"}).content.decode()
    assert registration.name in page
    client.post(reverse("events:check_in_toggle", kwargs={"slug": event.slug, "pk": registration.pk}))

    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED and registration.checked_in_by == staff
    assert "1 présent(s) sur 1 inscrit(s)" in client.get(url).content.decode()


def test_check_in_is_for_staff_only(client):
    event = EventFactory()
    [registration] = services.registration_create_for_member(event=event, acting_user=new_member())
    client.force_login(UserFactory())
    client.post(reverse("events:check_in_toggle", kwargs={"slug": event.slug, "pk": registration.pk}))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_attendance_figures_per_event_and_territory(client, staff):
    epci = EpciFactory()
    event = EventFactory(kind=Event.Kind.TERRITORY_EVENING, epci=epci, title="Soirée ECLA")
    registrations = [
        services.registration_create_for_member(event=event, acting_user=new_member())[0] for _ in range(2)
    ]
    services.registration_check_in(registration=registrations[0], acting_user=staff)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=2, hours=-2)
    )
    client.force_login(staff)
    page = client.get(reverse("admin:events_event_statistics")).content.decode()
    assert "Soirée ECLA" in page and "50 %" in page and epci.name in page


def test_reminders_go_out_the_day_before_once(django_capture_on_commit_callbacks):
    event = EventFactory(starts_at=timezone.now() + timedelta(days=3))
    alice = new_member()
    services.registration_create_for_member(event=event, acting_user=alice)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("event_reminders")
    assert mail.outbox == []
    with (
        time_machine.travel(event.starts_at - timedelta(hours=20)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("event_reminders")
        call_command("event_reminders")
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "Rappel" in mail.outbox[0].subject


def test_after_ticking_someone_the_check_in_page_keeps_a_search_with_an_ampersand(client, staff):
    event = EventFactory()
    alice = new_member(legal_name="Dupont & Fils")
    [registration] = services.registration_create_for_member(event=event, acting_user=alice)
    client.force_login(staff)

    response = client.post(
        reverse("events:check_in_toggle", kwargs={"slug": event.slug, "pk": registration.pk}),
        {"q": "Dupont & Fils"},
        follow=True,
    )

    assert response.context["query"] == "Dupont & Fils"
    assert registration.name in response.content.decode()


def test_a_check_in_search_with_a_null_character_is_a_bad_request_not_a_crash(client, staff):
    event = EventFactory()
    services.registration_create_for_member(event=event, acting_user=new_member())
    client.force_login(staff)

    response = client.get(reverse("events:check_in", kwargs={"slug": event.slug}), {"q": "\x00"})

    assert response.status_code == 400


def test_the_admin_publish_page_says_how_many_members_will_be_invited(client, staff):
    epci = EpciFactory(name="CA du Grand Dole")
    commune = CommuneFactory(epci=epci)
    for _ in range(2):
        owner_of(CompanyFactory(commune=commune))
    event = EventFactory(
        kind=Event.Kind.TERRITORY_EVENING,
        commune=commune,
        epci=epci,
        status=Event.Status.DRAFT,
        published_at=None,
    )
    client.force_login(staff)

    text = " ".join(client.get(reverse("admin:events_event_publish", args=[event.pk])).text.split())

    assert "2 personnes des entreprises adhérentes de CA du Grand Dole recevront une invitation" in text
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
