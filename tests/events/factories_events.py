"""Events and the people who register, for the events tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, Registration
from members.models import CompanyRole
from tests.charter.factories_charter import CommuneFactory, CompanyFactory, EpciFactory, owner_of
from tests.factories import UserFactory


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
    commune = factory.SubFactory(CommuneFactory)
    audience = Event.Audience.PUBLIC
    capacity = 10
    per_company_limit = 3
    status = Event.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


def member(**kwargs):
    """The owner of a new active member company."""
    return owner_of(CompanyFactory(**kwargs))


def colleague_of(user, **kwargs):
    company = user.company_role.company
    person = UserFactory(**kwargs)
    CompanyRole.objects.create(company=company, user=person, role=CompanyRole.Role.REPRESENTATIVE)
    return person


def statuses(event) -> list[tuple[str, str]]:
    return list(event.registrations.order_by("pk").values_list("email", "status"))


__all__ = ["EpciFactory", "Event", "EventFactory", "Registration", "colleague_of", "member", "statuses"]
