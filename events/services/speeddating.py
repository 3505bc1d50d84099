"""Speed-dating: generate the tables of an event from its confirmed participants, and read them back.

The arithmetic is in events.speeddating (a pure function); this module feeds it the
participants of an event and stores its answer as SpeedDatingSeat rows.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from events.errors import SpeedDatingError
from events.models import Event, Registration, SpeedDatingSchedule, SpeedDatingSeat
from events.speeddating import Participant, make_schedule
from jura_portal import audit
from members.models import User
from reference.models import Sector


def participants(event: Event):
    """Who gets a seat: the confirmed registrations (and those already checked in), with their trades."""
    return (
        event.registrations.holding_seat()
        .select_related("company")
        .prefetch_related(Prefetch("company__sectors", queryset=Sector.objects.order_by("position", "name")))
        .order_by("pk")
    )


def _participant(registration: Registration, *, with_trades: bool) -> Participant:
    # Two colleagues of the same company never share a table: they know each other already.
    keys = set()
    if registration.company_id:
        keys.add(f"entreprise:{registration.company_id}")
        if with_trades:
            keys.update(f"métier:{sector.pk}" for sector in registration.company.sectors.all())
    return Participant(id=registration.pk, trades=frozenset(keys))


@transaction.atomic
def schedule_generate(*, event: Event, acting_user: User) -> SpeedDatingSchedule:
    """Generate (or regenerate, e.g. after late cancellations) the rounds and tables of a speed-dating.

    The options (round length, table size, rounds, same-trade avoidance) are the schedule's own,
    set by staff in the admin; a first generation creates the schedule with the defaults.
    """
    if not acting_user.has_perm("events.change_speeddatingschedule"):
        raise SpeedDatingError(_("Seule l'équipe de l'association peut générer le planning."))
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.kind != Event.Kind.SPEED_DATING:
        raise SpeedDatingError(_("Cet événement n'est pas un speed-dating d'affaires."))
    if event.status == Event.Status.CANCELLED:
        raise SpeedDatingError(_("Cet événement est annulé."))
    schedule, _created = SpeedDatingSchedule.objects.select_for_update().get_or_create(event=event)
    if schedule.group_size < 2:
        raise SpeedDatingError(_("Une table réunit au moins deux personnes."))

    registrations = list(participants(event))
    if len(registrations) < 2:
        raise SpeedDatingError(
            _(
                "Il faut au moins deux participants confirmés pour générer le planning (%(count)s aujourd'hui)."
            )
            % {"count": len(registrations)}
        )
    people = [_participant(r, with_trades=schedule.avoid_same_trade) for r in registrations]
    regenerating = schedule.generated_at is not None
    seed = schedule.seed + 1
    result = make_schedule(
        people,
        group_size=schedule.group_size,
        rounds=schedule.rounds_wanted,
        avoid_same_trade=True,  # colleagues always; trades only when the schedule asks (see _participant)
        seed=seed,
    )
    if not result.rounds:
        raise SpeedDatingError(" ".join(result.notes) or _("Aucun tour possible avec ces participants."))

    schedule.seats.all().delete()
    SpeedDatingSeat.objects.bulk_create(
        SpeedDatingSeat(
            schedule=schedule, round_number=round_.number, table_number=table_number, registration_id=pk
        )
        for round_ in result.rounds
        for table_number, table in enumerate(round_.tables, start=1)
        for pk in table
    )
    schedule.seed = seed
    schedule.notes = "\n".join(result.notes)
    schedule.generated_at = timezone.now()
    schedule.generated_by = acting_user
    schedule.save(update_fields=["seed", "notes", "generated_at", "generated_by"])
    audit.record(
        acting_user,
        "speeddating.regenerated" if regenerating else "speeddating.generated",
        schedule,
        details={
            "participants": len(registrations),
            "rounds": len(result.rounds),
            "group_size": schedule.group_size,
            "same_trade_meetings": len(result.same_trade_meetings),
        },
    )
    return schedule


# --- Reading the plan back ------------------------------------------------------------------


@dataclass
class Table:
    number: int
    people: list[Registration] = field(default_factory=list)


@dataclass
class PlanRound:
    number: int
    starts_at: datetime
    ends_at: datetime
    tables: list[Table] = field(default_factory=list)
    byes: list[Registration] = field(default_factory=list)


def table_plan(schedule: SpeedDatingSchedule) -> list[PlanRound]:
    """Every round with its tables (people with their company and trades) and who sits out: 2 queries."""
    seats = (
        schedule.seats.select_related("registration__company")
        .prefetch_related(
            Prefetch("registration__company__sectors", queryset=Sector.objects.order_by("position", "name"))
        )
        .order_by("round_number", "table_number", "registration__name")
    )
    rounds: dict[int, PlanRound] = {}
    seated: dict[int, set[int]] = {}
    everyone: dict[int, Registration] = {}
    start = schedule.event.starts_at
    length = timedelta(minutes=schedule.round_minutes)
    for seat in seats:
        number = seat.round_number
        if number not in rounds:
            begins = start + (number - 1) * length
            rounds[number] = PlanRound(number=number, starts_at=begins, ends_at=begins + length)
        plan_round = rounds[number]
        if not plan_round.tables or plan_round.tables[-1].number != seat.table_number:
            plan_round.tables.append(Table(number=seat.table_number))
        plan_round.tables[-1].people.append(seat.registration)
        seated.setdefault(number, set()).add(seat.registration_id)
        everyone[seat.registration_id] = seat.registration
    for number, plan_round in rounds.items():
        plan_round.byes = sorted(
            (r for pk, r in everyone.items() if pk not in seated[number]), key=lambda r: r.name.lower()
        )
    return [rounds[n] for n in sorted(rounds)]


@dataclass
class PersonalRound:
    number: int
    starts_at: datetime
    ends_at: datetime
    table: int | None
    others: list[Registration]


def personal_schedule(schedule: SpeedDatingSchedule, registration: Registration) -> list[PersonalRound]:
    """One participant's evening: for each round, the table and who they meet there (a bye: no table)."""
    plan = table_plan(schedule)
    rounds = []
    for plan_round in plan:
        table = next((t for t in plan_round.tables if any(p.pk == registration.pk for p in t.people)), None)
        rounds.append(
            PersonalRound(
                number=plan_round.number,
                starts_at=plan_round.starts_at,
                ends_at=plan_round.ends_at,
                table=table.number if table else None,
                others=[p for p in table.people if p.pk != registration.pk] if table else [],
            )
        )
    return rounds


def stale_registrations(schedule: SpeedDatingSchedule) -> tuple[list[Registration], int]:
    """Since the last generation: who cancelled but still has seats, and how many confirmed have none."""
    seated_ids = set(schedule.seats.values_list("registration_id", flat=True).distinct())
    current = set(schedule.event.registrations.holding_seat().values_list("pk", flat=True))
    gone = list(Registration.objects.filter(pk__in=seated_ids - current).order_by("name"))
    return gone, len(current - seated_ids)
