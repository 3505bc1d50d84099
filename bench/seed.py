"""The bench's data set: a registry of seeders, run once per scale into the bench database.

The budgets in DESIGN.md ("Performance and scale") are about pages that must
not slow down as the network grows, so the bench measures them over a data set
the size of the target: 20,000 companies, 2,000 events, 100,000 registrations.
Each model's issue appends its seeder to SEEDERS (see docs/bench.md); the whole
seed must stay under two minutes, hence bulk inserts and no per-row hashing.
"""

import importlib
import importlib.util
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from time import perf_counter

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from members.models import User
from reference.models import Commune, Epci, Sector

# Rows per INSERT: large enough to amortise round trips, small enough for
# PostgreSQL's 65,535 parameters per statement.
BATCH_SIZE = 2_000

# A seeder takes the scale factor and returns how many rows it wrote, or None
# when it could not run yet (it is then tried again on the next run).
Seeder = Callable[[float], int | None]

STATE_TABLE = "bench_seed"


def scaled(count: int, scale: float) -> int:
    """`count` rows at scale 1, at least one row at any scale."""
    return max(1, round(count * scale))


def batched(items: list, size: int = BATCH_SIZE) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def seed_reference(scale: float) -> int | None:
    """EPCIs, communes and sectors: what companies and events will point at."""
    try:
        importlib.import_module("reference.management.commands.load_reference")
    except ImportError:
        return None  # not written yet: the bench still runs, and seeds it once it exists
    call_command("load_reference", verbosity=0)
    return Epci.objects.count() + Commune.objects.count() + Sector.objects.count()


FIRST_NAMES = ["Camille", "Louis", "Léa", "Hugo", "Chloé", "Jules", "Manon", "Gabriel", "Emma", "Arthur"]
LAST_NAMES = ["Girard", "Bourgeois", "Cuenot", "Jeunet", "Vuillet", "Prost", "Guyon", "Rousseau", "Mercier"]


def seed_users(scale: float) -> int:
    """People with a verified email address, as allauth's login and the member area see them."""
    rng = random.Random(20_000)  # the same data set on every run
    # One hash for everybody: 20,000 PBKDF2 hashes would take minutes alone.
    password = make_password("bench-password-never-used")
    now = timezone.now()
    users = [
        User(
            email=f"personne{number:06d}@bench.madeinjura.test",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            password=password,
            date_joined=now - timedelta(days=rng.randrange(3650)),
        )
        for number in range(scaled(20_000, scale))
    ]
    for batch in batched(users):
        User.objects.bulk_create(batch)  # fills in the primary keys (RETURNING) for the next step
    addresses = [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
    EmailAddress.objects.bulk_create(addresses, batch_size=BATCH_SIZE)
    return len(users) + len(addresses)


# Each feature's seeders and pages live in its own module of bench/, in this
# (dependency) order; a module defines SEEDERS and/or PAGES (bench/pages.py).
AREAS = ["bench.directory", "bench.licensing", "bench.dues", "bench.events", "bench.offers", "bench.projects"]


def area_lists(attribute: str) -> list:
    """The concatenated `attribute` lists of the area modules that exist."""
    found = []
    for module_name in AREAS:
        if importlib.util.find_spec(module_name):
            found.extend(getattr(importlib.import_module(module_name), attribute, []))
    return found


# In dependency order: a seeder may use the rows of the ones before it.
SEEDERS: list[Seeder] = [seed_reference, seed_users, *area_lists("SEEDERS")]


@dataclass
class SeedResult:
    name: str
    status: str  # "seeded", "already seeded" or "skipped" (could not run yet)
    scale: float
    rows: int = 0
    seconds: float = 0.0


def seeder_name(seeder: Seeder) -> str:
    return seeder.__name__.removeprefix("seed_")


def seeded() -> dict[str, SeedResult]:
    """What the bench database holds, by seeder name.

    Kept in a table of the bench database itself, so that it can never
    disagree with the rows that are there (a file would survive a new pgdata).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} ("
            " name text PRIMARY KEY, scale double precision NOT NULL,"
            " rows integer NOT NULL, seconds double precision NOT NULL)"
        )
        cursor.execute(f"SELECT name, scale, rows, seconds FROM {STATE_TABLE}")  # noqa: S608 - a constant
        return {row[0]: SeedResult(row[0], "already seeded", *row[1:]) for row in cursor.fetchall()}


def seed(scale: float, *, reseed: bool = False, log: Callable[[str], None] = print) -> list[SeedResult]:
    """Run the seeders that have not run at this scale; empty the database first on a change of scale.

    A seeder added by a later issue thus runs once, on the next `make bench`,
    without seeding the others again.
    """
    done = seeded()
    if reseed or any(result.scale != scale for result in done.values()):
        log("Emptying the bench database (--reseed or a new --scale)…")
        call_command("flush", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {STATE_TABLE}")  # noqa: S608 - a constant
        done = {}

    results = []
    for seeder in SEEDERS:
        name = seeder_name(seeder)
        if name in done:
            results.append(done[name])
            log(f"  {name}: already seeded ({done[name].rows:,} rows)")
            continue
        started = perf_counter()
        with transaction.atomic():  # all of a seeder's rows and its state line, or nothing
            rows = seeder(scale)
            seconds = perf_counter() - started
            if rows is not None:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"INSERT INTO {STATE_TABLE} (name, scale, rows, seconds) VALUES (%s, %s, %s, %s)",  # noqa: S608
                        [name, scale, rows, seconds],
                    )
        result = SeedResult(name, "skipped" if rows is None else "seeded", scale, rows or 0, seconds)
        log(f"  {name}: {result.status}, {result.rows:,} rows in {seconds:.1f} s")
        results.append(result)

    if any(result.status == "seeded" for result in results):
        # What an area derives from the rows of the areas after it (the directory's "who is
        # public" reads the dues' invoices): each module's AFTER_SEED functions, in area order.
        for derive in area_lists("AFTER_SEED"):
            with transaction.atomic():
                derive()
        # Production's autovacuum would have done this long ago: statistics for
        # the planner, visibility maps for index-only scans. Done now, it does
        # not run in the middle of a measurement.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return results
