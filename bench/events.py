"""Events at the target's size: 2,000 events, 100,000 registrations; the list and a busy detail page;
and a concurrency scenario: 300 simultaneous registrations for 100 seats, each from its own connection.
"""

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from statistics import quantiles
from time import perf_counter

from django.db import close_old_connections, connection
from django.utils import timezone

from bench.pages import Page, named
from bench.seed import BATCH_SIZE, batched, scaled
from events.models import Event, Registration
from members.models import Company, CompanyRole, User
from reference.models import Commune

KINDS = [k for k, _ in Event.Kind.choices]
TITLES = {
    "company_visit": "Visite de {name}",
    "workshop": "Atelier « {topic} »",
    "speed_dating": "Speed-dating d'affaires à {commune}",
    "territory_evening": "Soirée des entrepreneurs de {epci}",
    "webinar": "Webinaire : {topic}",
    "christmas_market": "Marché de Noël des adhérents à {commune}",
    "other": "Rencontre du réseau à {commune}",
}
TOPICS = [
    "vendre en ligne",
    "recruter un apprenti",
    "l'export en Suisse",
    "la transmission",
    "la facture électronique",
]
BUSY_SLUG = "bench-evenement-tres-demande"
SCENARIO_SLUG = "bench-concurrence-100-places"
POOL_WAIT = 120.0  # seconds a registration of the burst may wait for one of the pool's connections


def seed_events(scale: float) -> int | None:
    """Events over four years (half to come), each with registrations of member companies' people."""
    communes = list(Commune.objects.select_related("epci").order_by("pk"))
    roles = list(
        CompanyRole.objects.filter(company__status=Company.Status.ACTIVE)
        .order_by("pk")
        .values_list("user_id", "company_id", "user__email", "user__first_name", "user__last_name")
    )
    if not communes or not roles:
        return None  # the directory's seeder has not run yet
    rng = random.Random(2_000)
    now = timezone.now()
    events = []
    for number in range(scaled(2_000, scale)):
        kind = KINDS[number % len(KINDS)]
        commune = rng.choice(communes)
        starts = now + timedelta(days=rng.randrange(-730, 730), hours=rng.randrange(8, 20))
        title = TITLES[kind].format(
            name=f"l'entreprise n° {number}",
            topic=rng.choice(TOPICS),
            commune=commune.name,
            epci=commune.epci.name,
        )
        events.append(
            Event(
                title=title,
                slug=BUSY_SLUG if number == 0 else f"bench-evenement-{number:05d}",
                kind=kind,
                summary="Une rencontre du réseau Made in Jura.",
                description="Présentation, échanges et moment convivial entre entrepreneurs du Jura.",
                programme="18 h 00 — Accueil\n18 h 30 — Interventions\n20 h 00 — Buffet",
                starts_at=now + timedelta(days=3) if number == 0 else starts,
                ends_at=(now + timedelta(days=3) if number == 0 else starts) + timedelta(hours=3),
                venue_name="" if kind == "webinar" else "Salle des fêtes",
                commune=None if kind == "webinar" else commune,
                epci=commune.epci,
                online_url="https://visio.example/bench" if kind == "webinar" else "",
                audience=Event.Audience.PUBLIC if number % 3 else Event.Audience.MEMBERS,
                capacity=2_000 if number == 0 else rng.choice([20, 40, 60, 80, 120]),
                per_company_limit=3,
                status=Event.Status.PUBLISHED,
                published_at=now - timedelta(days=800),
            )
        )
    Event.objects.bulk_create(events, batch_size=BATCH_SIZE)
    target = scaled(100_000, scale)
    registrations = []
    per_event = max(1, target // len(events))
    for event in events:
        # The busy event gets the most people: its page is measured.
        count = min(len(roles), 1_500 if event.slug == BUSY_SLUG else per_event)
        for seat, (user_id, company_id, email, first, last) in enumerate(rng.sample(roles, count)):
            confirmed = seat < event.capacity
            registrations.append(
                Registration(
                    event=event,
                    user_id=user_id,
                    company_id=company_id,
                    name=f"{first} {last}",
                    email=email,
                    status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED,
                    confirmed_at=now if confirmed else None,
                    waitlisted_at=None if confirmed else now + timedelta(seconds=seat),
                )
            )
        event.confirmed_count = min(count, event.capacity)
        event.waitlisted_count = max(count - event.capacity, 0)
    for batch in batched(registrations):
        Registration.objects.bulk_create(batch)
    Event.objects.bulk_update(events, ["confirmed_count", "waitlisted_count"], batch_size=BATCH_SIZE)
    return len(events) + len(registrations)


SEEDERS = [seed_events]

PAGES = [
    Page("events list", named("events:list")),
    Page("events list filtered", named("events:list", query="type=workshop&passes=1")),
    Page("event detail", named("events:detail", BUSY_SLUG)),
    Page("events feed (.ics)", named("events:feed")),
]


@contextmanager
def pool_timeout(seconds: float) -> Iterator[None]:
    """This process's connection pool with another wait for a free connection, then as configured.

    The pool (DATABASE_POOL_MAX_SIZE connections, 8) is closed and made again on first use, so the
    threads that start inside take connections from a pool with this timeout.
    """
    options = connection.settings_dict["OPTIONS"].get("pool")
    if not isinstance(options, dict):
        yield  # no pool: every thread has a connection of its own
        return
    configured = options.get("timeout")
    connection.close()  # this thread's connection goes back to the pool it came from
    connection.close_pool()
    options["timeout"] = seconds
    try:
        yield
    finally:
        connection.close()
        connection.close_pool()
        if configured is None:
            del options["timeout"]
        else:
            options["timeout"] = configured


def scenario_concurrent_registrations(attempts: int = 300, seats: int = 100) -> dict:
    """300 people of 300 companies press "M'inscrire" at the same instant for 100 seats.

    Each attempt runs the real service in its own thread; the threads share the pool's
    connections (8) as the requests of a gunicorn worker would, and the event's row lock
    must leave exactly `seats` confirmed. The figures: each attempt's time (its wait for a
    connection included), the whole burst's time and its rate. A thread waits for a connection as
    long as the burst may take (POOL_WAIT), not DATABASE_POOL_TIMEOUT (2 s, for one request
    among others): 300 registrations queued behind one row lock take longer than that on a
    loaded machine, and would be counted as errors that no visitor would meet (gunicorn
    queues requests before they ever reach the pool).
    """
    with pool_timeout(POOL_WAIT):
        return _concurrent_registrations(attempts, seats)


def _concurrent_registrations(attempts: int, seats: int) -> dict:
    from events import services

    people = list(
        User.objects.filter(company_role__company__status=Company.Status.ACTIVE)
        .order_by("company_role__company_id")
        .distinct("company_role__company_id")[:attempts]
    )
    Event.objects.filter(slug=SCENARIO_SLUG).delete()
    now = timezone.now()
    event = Event.objects.create(
        title="Bench : 100 places très demandées",
        slug=SCENARIO_SLUG,
        kind=Event.Kind.WORKSHOP,
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=30, hours=2),
        capacity=seats,
        per_company_limit=1,
        status=Event.Status.PUBLISHED,
        published_at=now,
    )
    connection.close()  # each thread opens its own; this one is not shared with them
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = [""] * len(people)
    durations: list[float] = [0.0] * len(people)

    def attempt(index: int, person: User) -> None:
        try:
            barrier.wait(timeout=60)
            started = perf_counter()
            [registration] = services.registration_create_for_member(event=event, acting_user=person)
            durations[index] = (perf_counter() - started) * 1000
            outcomes[index] = registration.status
        except Exception as error:  # noqa: BLE001 - counted and reported
            outcomes[index] = f"error: {error}"
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, p)) for i, p in enumerate(people)]
    started = perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=POOL_WAIT + 60)
    wall = perf_counter() - started
    event.refresh_from_db()
    in_database = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()
    timings = [d for d in durations if d]
    result = {
        "name": "concurrent registrations",
        "attempts": len(people),
        "seats": seats,
        "confirmed": outcomes.count("confirmed"),
        "waitlisted": outcomes.count("waitlisted"),
        "errors": sum(1 for o in outcomes if o.startswith("error")),
        "confirmed_in_database": in_database,
        "event_counter": event.confirmed_count,
        "p50_ms": round(quantiles(timings, n=100)[49], 1) if len(timings) > 1 else None,
        "p95_ms": round(quantiles(timings, n=100)[94], 1) if len(timings) > 1 else None,
        "seconds": round(wall, 2),
        "per_second": round(len(people) / wall, 1) if wall else None,
        "exact": in_database == min(seats, len(people)) == event.confirmed_count,
    }
    Event.objects.filter(slug=SCENARIO_SLUG).delete()  # the bench data set stays as seeded
    return result


SCENARIOS = [scenario_concurrent_registrations]
