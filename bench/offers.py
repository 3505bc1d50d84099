"""Offers at the network's size (one in six member companies has 1 to 3 offers on), and the
speed-dating scheduler for a room of 120.

/offres/ is for signed-in members only and the load driver does not log in yet, so the
page is not measured here; its query count is fixed by tests/offers (8 queries, 2 or 20 offers).
"""

import random
from datetime import timedelta
from time import perf_counter

from django.utils import timezone

from bench.seed import BATCH_SIZE, batched
from events.speeddating import Participant, make_schedule
from members.models import Company
from offers.models import Offer

TITLES = [
    ("Coffrets de Noël pour vos clients", "-15 %"),
    ("Tarif adhérent sur l'entretien de vos machines", "-10 %"),
    ("Livraison offerte dans tout le Jura", "livraison offerte"),
    ("Audit énergie de votre atelier", "-20 %"),
    ("Plateaux repas pour vos réunions", "-12 %"),
    ("Impression de vos catalogues", "-8 %"),
]


def seed_offers(scale: float) -> int | None:
    companies = list(
        Company.objects.filter(status=Company.Status.ACTIVE, siret__startswith="39")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not companies:
        return None  # bench.directory's companies come first
    rng = random.Random(20_006)
    today = timezone.localdate()
    offers = []
    for company_id in companies[::6]:
        for _ in range(rng.randint(1, 3)):
            title, discount = rng.choice(TITLES)
            offers.append(
                Offer(
                    company_id=company_id,
                    title=title,
                    discount=discount,
                    description="Une offre réservée aux adhérents du réseau Made in Jura. " * 3,
                    conditions="Sur présentation de votre numéro d'adhérent.",
                    # Some already expired: the list's filter must skip them, not the data set.
                    valid_until=today + timedelta(days=rng.randint(-60, 120)),
                )
            )
    for batch in batched(offers, BATCH_SIZE):
        Offer.objects.bulk_create(batch)
    return len(offers)


def scenario_speeddating_scheduler() -> dict:
    """Generate a whole evening for 120 participants sharing 15 trades, as staff would."""
    rng = random.Random(39)
    trades = [f"métier {n}" for n in range(15)]
    room = [Participant.of(n, rng.sample(trades, rng.choice((1, 1, 2)))) for n in range(120)]
    results = {"name": "speed-dating scheduler, 120 participants"}
    for label, options in [
        ("pairs_all_rounds_ms", {}),
        ("pairs_avoid_trade_12_rounds_ms", {"rounds": 12, "avoid_same_trade": True}),
        ("pairs_avoid_trade_all_rounds_ms", {"avoid_same_trade": True}),
        ("groups_of_4_12_rounds_ms", {"group_size": 4, "rounds": 12, "avoid_same_trade": True}),
    ]:
        started = perf_counter()
        schedule = make_schedule(room, seed=1, **options)
        results[label] = round((perf_counter() - started) * 1000, 1)
        results[label.replace("_ms", "_rounds")] = len(schedule.rounds)
    return results


SEEDERS = [seed_offers]
SCENARIOS = [scenario_speeddating_scheduler]
