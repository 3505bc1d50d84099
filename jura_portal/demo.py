"""The demo data set loaded by `make run`: fictional people and companies, never real ones.

Each app adds its part to `DEMO_LOADERS` (in the order they depend on each
other). Every loader is idempotent: `make run` calls them at each start and a
second run must neither duplicate nor overwrite what somebody changed by hand.
"""

import logging
from collections.abc import Callable
from functools import cache

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.module_loading import import_string

DEMO_STAFF_EMAIL = "equipe@madeinjura.test"
DEMO_STAFF_PASSWORD = "jura-demo-2026"  # noqa: S105 - public on purpose, refused outside DEBUG
DEMO_MEMBER_PASSWORD = "jura-demo-2026"  # noqa: S105

DEMO_PEOPLE = [
    ("claire.vuillermoz@fromagerie-des-rousses.test", "Claire", "Vuillermoz"),
    ("julien.grandclement@lunettes-morez.test", "Julien", "Grandclément"),
    ("sophie.bourgeois@bois-du-risoux.test", "Sophie", "Bourgeois"),
    ("marc.cretin@jouets-moirans.test", "Marc", "Cretin"),
    ("amandine.jacquet@vins-arbois.test", "Amandine", "Jacquet"),
    ("thomas.perrard@plasturgie-oyonnax.test", "Thomas", "Perrard"),
]


@cache
def _hashed(password: str) -> str:
    return make_password(password)


def verified_person(email: str, first_name: str, last_name: str, password: str, **extra) -> object:
    """A user whose email address is verified, created once."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, **extra}
    )
    if created:
        # Hashing is slow on purpose (PBKDF2): hash each demo password once, not once per person.
        user.password = _hashed(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def load_people() -> str:
    verified_person(
        DEMO_STAFF_EMAIL, "Équipe", "Made in Jura", DEMO_STAFF_PASSWORD, is_staff=True, is_superuser=True
    )
    for email, first_name, last_name in DEMO_PEOPLE:
        verified_person(email, first_name, last_name, DEMO_MEMBER_PASSWORD)
    return f"{len(DEMO_PEOPLE) + 1} personnes"


# Dotted paths, in dependency order; each returns a short French summary.
DEMO_LOADERS: list[str] = [
    "jura_portal.demo.load_people",
    "members.demo.load_charter",
    "members.demo.load_companies",
    "dues.demo.load_dues",
    "directory.demo.load_directory",
    "licensing.demo.load_licensing",
    "events.demo.load_events",
    "offers.demo.load_offers",
    "projects.demo.load_projects",
]


@transaction.atomic
def load_all() -> list[str]:
    loaders: list[Callable[[], str]] = [import_string(path) for path in DEMO_LOADERS]
    # The demo accepts its members before the dues loader sets the fee schedules and
    # issues back-dated invoices: the "accepted without an invoice" warning, useful in
    # production, is only noise here.
    dues_log = logging.getLogger("dues.services")
    level = dues_log.level
    dues_log.setLevel(logging.ERROR)
    try:
        return [summary for loader in loaders if (summary := loader())]
    finally:
        dues_log.setLevel(level)
