"""Staff generate the speed-dating tables from the confirmed participants; regenerate after cancellations."""

from itertools import combinations

import pytest
from django.utils import timezone

from events.errors import SpeedDatingError
from events.models import Event, Registration, SpeedDatingSchedule
from events.services.speeddating import schedule_generate, stale_registrations, table_plan
from jura_portal.models import AuditEntry
from members.models import CompanyRole
from reference.models import Sector
from tests.factories.events import EventFactory
from tests.factories.members import CompanyFactory, UserFactory, owner_of

pytestmark = pytest.mark.django_db


def speed_dating(**kwargs):
    return EventFactory(
        title="Speed-dating d'affaires de Dole",
        kind=Event.Kind.SPEED_DATING,
        audience=Event.Audience.MEMBERS,
        capacity=40,
        **kwargs,
    )


def register(event, user=None, status=Registration.Status.CONFIRMED, company=None):
    user = user or owner_of(company or CompanyFactory())
    company = company or user.company_role.company
    return Registration.objects.create(
        event=event,
        user=user,
        company=company,
        name=user.get_full_name() or user.email,
        email=user.email,
        status=status,
        confirmed_at=timezone.now(),
        waitlisted_at=timezone.now() if status == Registration.Status.WAITLISTED else None,
    )


def meetings(schedule):
    pairs = []
    for plan_round in table_plan(schedule):
        for table in plan_round.tables:
            pairs += [frozenset((a.pk, b.pk)) for a, b in combinations(table.people, 2)]
    return pairs


def test_staff_generate_tables_for_the_confirmed_participants_only(staff):
    event = speed_dating()
    confirmed = [register(event) for _ in range(5)]
    waiting = register(event, status=Registration.Status.WAITLISTED)
    schedule = schedule_generate(event=event, acting_user=staff)
    seated = set(schedule.seats.values_list("registration_id", flat=True))
    assert seated == {r.pk for r in confirmed}
    assert waiting.pk not in seated
    pairs = meetings(schedule)
    assert len(pairs) == len(set(pairs)) == 10  # 5 people: everybody meets everybody once
    assert schedule.generated_by == staff
    assert AuditEntry.objects.filter(action="speeddating.generated", actor=staff).exists()


def test_only_staff_may_generate(staff):
    event = speed_dating()
    member = owner_of(CompanyFactory())
    register(event, member)
    register(event)
    with pytest.raises(SpeedDatingError, match="Seule l'équipe"):
        schedule_generate(event=event, acting_user=member)


def test_it_refuses_an_event_that_is_not_a_speed_dating_or_has_fewer_than_two_participants(staff):
    workshop = EventFactory()
    with pytest.raises(SpeedDatingError, match="n'est pas un speed-dating"):
        schedule_generate(event=workshop, acting_user=staff)
    event = speed_dating()
    register(event)
    with pytest.raises(SpeedDatingError, match=r"au moins deux participants confirmés .*\(1 aujourd'hui\)"):
        schedule_generate(event=event, acting_user=staff)


def test_regenerating_after_a_late_cancellation_frees_the_table_of_who_left(staff):
    event = speed_dating()
    people = [register(event) for _ in range(6)]
    schedule = schedule_generate(event=event, acting_user=staff)
    people[0].status = Registration.Status.CANCELLED
    people[0].save()
    gone, unseated = stale_registrations(schedule)
    assert gone == [people[0]] and unseated == 0
    latecomer = register(event)
    assert stale_registrations(schedule)[1] == 1

    schedule = schedule_generate(event=event, acting_user=staff)
    seated = set(schedule.seats.values_list("registration_id", flat=True))
    assert people[0].pk not in seated and latecomer.pk in seated
    assert schedule.seed == 2
    assert stale_registrations(schedule) == ([], 0)
    assert AuditEntry.objects.filter(action="speeddating.regenerated").exists()


def test_two_colleagues_of_one_company_never_share_a_table(staff):
    event = speed_dating()
    company = CompanyFactory()
    boss = owner_of(company)
    colleague = UserFactory()
    CompanyRole.objects.create(company=company, user=colleague)
    first, second = register(event, boss), register(event, colleague)
    for _ in range(4):
        register(event)
    schedule = schedule_generate(event=event, acting_user=staff)
    assert frozenset((first.pk, second.pk)) not in meetings(schedule)


def test_with_the_option_two_companies_of_the_same_trade_are_not_paired(staff):
    cheese = Sector.objects.create(name="Fromagerie", slug="fromagerie")
    wood = Sector.objects.create(name="Menuiserie", slug="menuiserie")
    event = speed_dating()
    cheesemakers, joiners = [], []
    for n in range(8):
        company = CompanyFactory()
        company.sectors.add(cheese if n % 2 else wood)
        (cheesemakers if n % 2 else joiners).append(register(event, company=company))
    SpeedDatingSchedule.objects.create(event=event, avoid_same_trade=True, rounds_wanted=4)
    schedule = schedule_generate(event=event, acting_user=staff)
    same_trade = {
        frozenset(p) for group in (cheesemakers, joiners) for p in combinations([r.pk for r in group], 2)
    }
    assert not same_trade & set(meetings(schedule))
    assert schedule.seats.values("round_number").distinct().count() == 4
    assert schedule.notes == ""


def test_small_groups_seat_everyone_in_every_round(staff):
    event = speed_dating()
    for _ in range(9):
        register(event)
    SpeedDatingSchedule.objects.create(event=event, group_size=3, rounds_wanted=3)
    schedule = schedule_generate(event=event, acting_user=staff)
    for plan_round in table_plan(schedule):
        assert [len(t.people) for t in plan_round.tables] == [3, 3, 3]
        assert plan_round.byes == []
