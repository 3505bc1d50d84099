"""Members register, join the waiting list, cancel; the first in line takes the freed seat."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from events import services
from events.errors import EventError
from events.models import Event, Registration
from tests.factories.events import EventFactory
from tests.factories.members import UserFactory, colleague_of, new_member

pytestmark = pytest.mark.django_db


def test_a_member_gets_a_seat_and_an_email_with_the_event_in_their_calendar(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(capacity=2)
    alice = new_member()

    with django_capture_on_commit_callbacks(execute=True):
        [registration] = services.registration_create_for_member(event=event, acting_user=alice)

    assert registration.status == Registration.Status.CONFIRMED
    assert registration.company == alice.company_role.company
    event.refresh_from_db()
    assert (event.confirmed_count, event.seats_left) == (1, 1)
    [message] = mail.outbox
    assert message.to == [alice.email]
    assert "Inscription confirmée" in message.subject
    [(_filename, _content, mimetype)] = [a for a in message.attachments if a[0].endswith(".ics")]
    assert mimetype == "text/calendar"


def test_when_the_seats_are_gone_people_wait_in_the_order_they_came(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    first, second, third = new_member(), new_member(), new_member()
    with django_capture_on_commit_callbacks(execute=True):
        for person in (first, second, third):
            services.registration_create_for_member(event=event, acting_user=person)

    event.refresh_from_db()
    assert (event.confirmed_count, event.waitlisted_count) == (1, 2)
    waiting = list(event.registrations.waiting().values_list("email", flat=True))
    assert waiting == [second.email, third.email]
    assert services.waitlist_position(event.registrations.get(email=third.email)) == 2
    assert "Liste d'attente" in mail.outbox[-1].subject


def test_a_cancellation_promotes_the_first_waiting_person_and_emails_them(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    first, second, third = new_member(), new_member(), new_member()
    for person in (first, second, third):
        services.registration_create_for_member(event=event, acting_user=person)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(
            registration=event.registrations.get(email=first.email), acting_user=first
        )

    status = dict(event.registrations.values_list("email", "status"))
    assert status == {first.email: "cancelled", second.email: "confirmed", third.email: "waitlisted"}
    assert services.waitlist_position(event.registrations.get(email=third.email)) == 1
    promoted = [m for m in mail.outbox if m.to == [second.email]]
    assert [m.subject for m in promoted] == ["[Made in Jura] Une place s'est libérée : " + event.title]
    assert promoted[0].attachments, "the promoted person gets the .ics too"
    event.refresh_from_db()
    assert (event.confirmed_count, event.waitlisted_count) == (1, 1)


def test_leaving_the_waiting_list_frees_nobody_a_seat_but_moves_the_line():
    event = EventFactory(capacity=1)
    first, second, third = new_member(), new_member(), new_member()
    for person in (first, second, third):
        services.registration_create_for_member(event=event, acting_user=person)

    services.registration_cancel(registration=event.registrations.get(email=second.email), acting_user=second)

    assert event.registrations.get(email=first.email).status == "confirmed"
    assert services.waitlist_position(event.registrations.get(email=third.email)) == 1


def test_registrations_close_at_the_deadline():
    event = EventFactory(registration_deadline=timezone.now() + timedelta(days=2))
    alice = new_member()

    with (
        time_machine.travel(event.registration_deadline + timedelta(minutes=1)),
        pytest.raises(EventError, match="closes"),
    ):
        services.registration_create_for_member(event=event, acting_user=alice)
    assert not event.registrations.exists()


def test_staff_can_still_add_someone_after_the_deadline():
    event = EventFactory(registration_deadline=timezone.now() + timedelta(days=2))
    alice, staff = new_member(), UserFactory(is_staff=True)

    with time_machine.travel(event.registration_deadline + timedelta(hours=3)):
        registration = services.registration_create_by_staff(
            event=event, acting_user=staff, name="", email=alice.email, user=alice
        )

    assert registration.status == "confirmed" and registration.added_by_staff
    assert registration.company == alice.company_role.company


def test_a_member_registers_colleagues_in_one_go_up_to_the_company_limit():
    event = EventFactory(per_company_limit=2)
    alice = new_member()
    bruno, chloe = colleague_of(alice), colleague_of(alice)

    services.registration_create_for_member(event=event, acting_user=alice, people=[alice, bruno])
    with pytest.raises(EventError, match="au plus 2 personne"):
        services.registration_create_for_member(event=event, acting_user=alice, people=[chloe])

    assert sorted(event.registrations.values_list("email", flat=True)) == sorted([alice.email, bruno.email])
    assert event.registrations.get(email=bruno.email).registered_by == alice


def test_the_company_limit_counts_the_waiting_list_too():
    event = EventFactory(capacity=1, per_company_limit=1)
    services.registration_create_for_member(event=event, acting_user=new_member())
    alice = new_member()
    services.registration_create_for_member(event=event, acting_user=alice)  # waiting

    with pytest.raises(EventError, match="au plus 1 personne"):
        services.registration_create_for_member(event=event, acting_user=alice, people=[colleague_of(alice)])


def test_a_member_cannot_register_someone_from_another_company():
    event = EventFactory()
    alice, stranger = new_member(), new_member()

    with pytest.raises(EventError, match="de votre entreprise"):
        services.registration_create_for_member(event=event, acting_user=alice, people=[stranger])


def test_the_same_person_cannot_hold_two_places_at_one_event():
    event = EventFactory()
    alice = new_member()
    services.registration_create_for_member(event=event, acting_user=alice)

    with pytest.raises(EventError, match="déjà inscrit"):
        services.registration_create_for_member(event=event, acting_user=alice)
    assert event.registrations.count() == 1


def test_after_a_cancellation_the_person_may_register_again():
    event = EventFactory()
    alice = new_member()
    [first] = services.registration_create_for_member(event=event, acting_user=alice)
    services.registration_cancel(registration=first, acting_user=alice)

    [again] = services.registration_create_for_member(event=event, acting_user=alice)

    assert again.status == "confirmed"


def test_a_suspended_company_cannot_register():
    alice = new_member(status="suspended")
    with pytest.raises(EventError, match="adhérentes"):
        services.registration_create_for_member(event=EventFactory(), acting_user=alice)


def test_nobody_registers_to_a_draft():
    event = EventFactory(status=Event.Status.DRAFT, published_at=None)
    with pytest.raises(EventError, match="pas ouvert"):
        services.registration_create_for_member(event=event, acting_user=new_member())


def test_more_seats_given_by_staff_go_to_the_waiting_list_in_order(staff):
    event = EventFactory(capacity=1)
    people = [new_member() for _ in range(4)]
    for person in people:
        services.registration_create_for_member(event=event, acting_user=person)

    update = services.event_update(event=event, acting_user=staff, changes={"capacity": 3})

    assert [r.email for r in update.promoted] == [people[1].email, people[2].email]
    assert event.registrations.get(email=people[3].email).status == "waitlisted"


def test_cancelling_someone_already_checked_in_says_so_rather_than_already_cancelled(staff):
    event = EventFactory()
    [registration] = services.registration_create_for_member(event=event, acting_user=new_member())
    services.registration_check_in(registration=registration, acting_user=staff)

    with pytest.raises(EventError, match=r"pointé\(e\) présent\(e\)"):
        services.registration_cancel(registration=registration, acting_user=staff)
