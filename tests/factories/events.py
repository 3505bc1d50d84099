"""Events, and the registrations of the people who come."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event
from tests.factories.reference import lons_le_saunier


class EventFactory(factory.django.DjangoModelFactory):
    """A published public workshop in Lons-le-Saunier, in ten days, with 10 seats."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Atelier export n° {n}")
    slug = factory.Sequence(lambda n: f"atelier-export-{n}")
    kind = Event.Kind.WORKSHOP
    summary = "Vendre hors du Jura sans perdre son âme."
    description = "Un atelier pratique entre adhérents."
    programme = "18 h 00 — Accueil\n18 h 30 — Témoignages\n20 h 00 — Apéritif"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    venue_name = "Maison de l'entreprise"
    address = "1 rue de la Paix"
    commune = factory.LazyFunction(lons_le_saunier)
    audience = Event.Audience.PUBLIC
    capacity = 10
    per_company_limit = 3
    status = Event.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
