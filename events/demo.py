"""Demo data for `make run` (see jura_portal.demo): Jura events of every kind, past and to come. Idempotent."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from events import services
from events.errors import EventError
from events.models import Event, Registration
from members.models import Company, CompanyRole, User
from reference.models import Commune, Epci

# (slug, kind, title, days from today (negative: past), hour, hours, insee, audience, capacity, summary, fill)
DEMO_EVENTS = [
    (
        "visite-fromagerie-des-rousses",
        "company_visit",
        "Visite de la fromagerie des Rousses",
        12,
        14,
        2,
        "39470",
        "members",
        15,
        "Du lait au comté affiné : la cave d'affinage ouvre ses portes aux adhérents.",
        15,
    ),
    (
        "visite-lunetterie-morez",
        "company_visit",
        "Visite d'une lunetterie à Morez",
        -40,
        10,
        2,
        "39378",
        "members",
        20,
        "Polissage, assemblage et contrôle : la lunette jurassienne de A à Z.",
        18,
    ),
    (
        "atelier-vendre-en-ligne",
        "workshop",
        "Atelier : vendre en ligne sans quitter le Jura",
        20,
        9,
        3,
        "39300",
        "members",
        12,
        "Boutique en ligne, photos produit et expédition : un atelier pratique.",
        14,
    ),
    (
        "atelier-recruter-apprenti",
        "workshop",
        "Atelier : recruter et garder un apprenti",
        -15,
        14,
        3,
        "39198",
        "members",
        25,
        "Aides, tutorat et retours d'expérience d'adhérents.",
        17,
    ),
    (
        "speed-dating-affaires-dole",
        "speed_dating",
        "Speed-dating d'affaires à Dole",
        26,
        18,
        3,
        "39198",
        "members",
        24,
        "Sept minutes par rencontre pour trouver fournisseurs et clients jurassiens.",
        24,
    ),
    (
        "soiree-territoire-ecla",
        "territory_evening",
        "Soirée des entrepreneurs d'ECLA",
        33,
        19,
        3,
        "39300",
        "public",
        80,
        "Tous les acteurs économiques de l'agglomération de Lons sont invités.",
        30,
    ),
    (
        "soiree-territoire-haut-jura",
        "territory_evening",
        "Soirée des entrepreneurs du Haut-Jura",
        -60,
        19,
        3,
        "39478",
        "public",
        60,
        "Rencontre annuelle des entreprises du Haut-Jura.",
        40,
    ),
    (
        "webinaire-facture-electronique",
        "webinar",
        "Webinaire : la facture électronique en 2027",
        8,
        12,
        1,
        "",
        "public",
        100,
        "Ce qui change pour les TPE et comment s'y préparer.",
        35,
    ),
    (
        "webinaire-export-suisse",
        "webinar",
        "Webinaire : exporter en Suisse",
        -20,
        12,
        1,
        "",
        "members",
        100,
        "Douane, TVA et transport : les bases pour vendre à nos voisins.",
        28,
    ),
    (
        "marche-de-noel-des-adherents",
        "christmas_market",
        "Marché de Noël des adhérents",
        30,
        10,
        8,
        "39300",
        "public",
        400,
        "Produits du Jura et offres réservées entre adhérents, au cœur de Lons-le-Saunier.",
        60,
    ),
    (
        "rencontre-nouveaux-adherents",
        "other",
        "Accueil des nouveaux adhérents",
        45,
        18,
        2,
        "39300",
        "members",
        30,
        "Présentation du réseau, de la marque et des prochaines rencontres.",
        6,
    ),
    (
        "visite-scierie-risoux",
        "company_visit",
        "Visite d'une scierie du Risoux",
        5,
        15,
        2,
        "39470",
        "public",
        10,
        "Du sapin du Risoux aux planches de résonance : une visite très demandée.",
        13,
    ),
]


def load_events() -> str:
    staff = User.objects.filter(is_superuser=True).order_by("pk").first()
    people = list(
        CompanyRole.objects.filter(company__status=Company.Status.ACTIVE)
        .select_related("user", "company")
        .order_by("company_id", "role")
    )
    created = 0
    today = timezone.localdate()
    for slug, kind, title, days, hour, hours, insee, audience, capacity, summary, fill in DEMO_EVENTS:
        if Event.objects.filter(slug=slug).exists():
            continue
        commune = Commune.objects.filter(insee_code=insee).first() if insee else None
        epci = commune.epci if commune else Epci.objects.order_by("name").first()
        if kind == "territory_evening" and epci is None:
            continue
        starts = timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour)))
        past = days < 0
        if fill > capacity:  # meant to be full with people waiting, whatever the demo's size
            capacity = max(1, min(capacity, len(people) - 2))
        with transaction.atomic():
            event = Event.objects.create(
                slug=slug,
                kind=kind,
                title=title,
                summary=summary,
                description=summary + "\n\nInscription gratuite, places limitées.",
                programme=f"{hour} h 00 — Accueil\n{hour} h 30 — Programme\n{hour + hours} h 00 — Fin",
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                venue_name="" if kind == "webinar" else "Salle des fêtes",
                address="" if kind == "webinar" else "Place de la Mairie",
                commune=commune if kind != "webinar" else None,
                epci=epci if kind == "territory_evening" else (commune.epci if commune else None),
                online_url="https://visio.madeinjura.test/" + slug if kind == "webinar" else "",
                audience=audience,
                capacity=capacity,
                per_company_limit=2,
                status=Event.Status.PUBLISHED,
                published_at=timezone.now(),
                created_by=staff,
            )
            # Registrations go through the services (seats, waiting list); a past event is moved back after.
            if past:
                Event.objects.filter(pk=event.pk).update(
                    starts_at=starts + timedelta(days=400), ends_at=starts + timedelta(days=400, hours=hours)
                )
                event.refresh_from_db()
            for role in people[:fill]:
                try:
                    services.registration_create_for_member(event=event, acting_user=role.user)
                except EventError:
                    continue
            if past:
                Event.objects.filter(pk=event.pk).update(
                    starts_at=starts, ends_at=starts + timedelta(hours=hours)
                )
                for registration in event.registrations.filter(status=Registration.Status.CONFIRMED)[::2]:
                    Registration.objects.filter(pk=registration.pk).update(
                        status=Registration.Status.ATTENDED, checked_in_at=starts, checked_in_by=staff
                    )
        created += 1
    full = sum(1 for e in Event.objects.filter(slug__in=[d[0] for d in DEMO_EVENTS]) if e.is_full)
    return f"{Event.objects.count()} événements ({created} nouveaux, {full} complets avec liste d'attente)"
