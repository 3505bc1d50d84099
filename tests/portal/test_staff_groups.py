"""Each staff group sees and does what its group allows, and nothing of the others' work.

The groups get their permissions from the apps' declarations (core.groups.ensure_groups); the
staff pages outside the admin (check-in, table plan, schedules) check the same permissions.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.groups import EVENTS_TEAM, TREASURER, VETTING_COMMITTEE, declared_permissions, ensure_groups
from events.models import Registration, SpeedDatingSchedule
from events.services.speeddating import schedule_generate
from tests.events.test_speeddating_services import register, speed_dating
from tests.factories.members import CompanyFactory, staff_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def evening(staff):
    """A speed-dating with a generated schedule and four participants."""
    event = speed_dating()
    registrations = [register(event, company=CompanyFactory(legal_name=f"Entreprise {n}")) for n in range(4)]
    SpeedDatingSchedule.objects.create(event=event)
    schedule_generate(event=event, acting_user=staff)
    return event, registrations


def pages(evening) -> dict[str, list[str]]:
    """The pages of each group's work."""
    event, registrations = evening
    return {
        VETTING_COMMITTEE: [
            reverse("admin:members_application_changelist"),
            reverse("admin:charter_charterversion_changelist"),
            reverse("admin:licensing_productlabel_changelist"),
            reverse("admin:directory_listingchange_changelist"),
        ],
        TREASURER: [
            reverse("admin:dues_invoice_changelist"),
            reverse("admin:dues_feeschedule_changelist"),
            reverse("admin:dues_payment_changelist"),
        ],
        EVENTS_TEAM: [
            reverse("admin:events_event_changelist"),
            reverse("admin:events_event_change", args=[event.pk]),
            reverse("admin:events_event_attendees", args=[event.pk]),
            reverse("admin:events_event_statistics"),
            reverse("admin:events_registration_changelist"),
            reverse("admin:events_speeddatingschedule_changelist"),
            reverse("admin:offers_offer_changelist"),
            reverse("events:check_in", args=[event.slug]),
            reverse("events:speeddating_plan", args=[event.slug]),
            reverse("events:speeddating_person", args=[event.slug, registrations[0].pk]),
        ],
    }


@pytest.mark.parametrize("group", [VETTING_COMMITTEE, TREASURER, EVENTS_TEAM])
def test_each_group_opens_its_own_pages_and_none_of_the_others(client, evening, group):
    client.force_login(staff_in(group))

    for name, urls in pages(evening).items():
        for url in urls:
            status = client.get(url).status_code
            if name == group:
                assert status == 200, (group, url, status)
            else:
                assert status in {302, 403, 404}, (group, url, status)
                assert status != 200


def test_the_treasurer_cannot_mark_attendance(client, evening):
    event, registrations = evening
    client.force_login(staff_in(TREASURER))

    response = client.post(reverse("events:check_in_toggle", args=[event.slug, registrations[0].pk]))

    assert response.status_code == 403
    registrations[0].refresh_from_db()
    assert registrations[0].status != Registration.Status.ATTENDED


def test_the_events_team_marks_attendance(client, evening):
    event, registrations = evening
    client.force_login(staff_in(EVENTS_TEAM))

    client.post(reverse("events:check_in_toggle", args=[event.slug, registrations[0].pk]))

    registrations[0].refresh_from_db()
    assert registrations[0].status == Registration.Status.ATTENDED


def test_the_treasurer_keeps_the_dues_list_actions(client, evening):
    client.force_login(staff_in(TREASURER))

    response = client.get(reverse("admin:dues_invoice_changelist"))

    actions = [value for value, _label in response.context["action_form"].fields["action"].choices]
    assert "export_csv" in actions
    assert "send_reminder" in actions


def test_staff_who_may_only_view_events_get_no_publish_or_duplicate_action(client, evening):
    user = staff_in(EVENTS_TEAM)
    group = Group.objects.get(name=EVENTS_TEAM)
    group.permissions.remove(*group.permissions.filter(codename__in=["add_event", "change_event"]))
    client.force_login(user)

    response = client.get(reverse("admin:events_event_changelist"))

    assert response.status_code == 200
    form = response.context["action_form"]
    actions = [value for value, _label in form.fields["action"].choices] if form else []
    assert "publish" not in actions
    assert "duplicate" not in actions


def test_the_group_sync_is_idempotent_and_gives_exactly_the_declared_permissions():
    first = {
        group.name: set(group.permissions.values_list("codename", flat=True)) for group in ensure_groups()
    }
    events_team = Group.objects.get(name=EVENTS_TEAM)
    events_team.permissions.add(*Group.objects.get(name=TREASURER).permissions.all())

    second = {
        group.name: set(group.permissions.values_list("codename", flat=True)) for group in ensure_groups()
    }

    assert first == second
    assert Group.objects.filter(name__in=[VETTING_COMMITTEE, TREASURER, EVENTS_TEAM]).count() == 3
    assert {codename for _app, codename in declared_permissions()[EVENTS_TEAM]} == second[EVENTS_TEAM]
    assert "change_registration" in second[EVENTS_TEAM]
    assert "change_registration" not in second[TREASURER]
