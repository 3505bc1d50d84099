"""The cast of the offers tests: member companies in every state, offers, a Christmas market."""

from datetime import timedelta
from io import BytesIO

import factory
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from events.models import Event
from members.models import Commune, Company, Epci, Sector
from offers.models import Offer
from tests.charter.factories_charter import CompanyFactory, owner_of
from tests.events.factories_events import EventFactory
from tests.factories import UserFactory


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Coffret gourmand n° {n}")
    description = "Un coffret de comté 18 mois, morbier et vin jaune pour vos clients."
    conditions = "Retrait à la fromagerie, commande avant le 15 décembre."
    discount = "-15 %"
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


@pytest.fixture
def sectors(db):
    cheese, _ = Sector.objects.get_or_create(slug="fromagerie", defaults={"name": "Fromagerie"})
    wood, _ = Sector.objects.get_or_create(slug="menuiserie", defaults={"name": "Menuiserie"})
    return cheese, wood


@pytest.fixture
def haut_jura(db):
    epci, _ = Epci.objects.get_or_create(
        siren="200069946", defaults={"name": "Haut-Jura Saint-Claude", "slug": "haut-jura-saint-claude"}
    )
    commune, _ = Commune.objects.get_or_create(
        insee_code="39478",
        defaults={"name": "Saint-Claude", "slug": "saint-claude", "postal_codes": ["39200"], "epci": epci},
    )
    return commune


@pytest.fixture
def member(db):
    """The owner of an active member company (a cheese dairy in Lons-le-Saunier)."""
    return owner_of(CompanyFactory(legal_name="Fromagerie du Revermont"))


@pytest.fixture
def other_member(db, haut_jura):
    """The owner of another active member company (a joinery in Saint-Claude)."""
    return owner_of(CompanyFactory(legal_name="Menuiserie du Haut-Jura", commune=haut_jura))


def company_of(user) -> Company:
    return user.company_role.company


def owner_with_status(status: str):
    kwargs = {"status": status}
    if status == Company.Status.APPLICANT:
        kwargs["member_number"] = None
    return owner_of(CompanyFactory(**kwargs))


@pytest.fixture
def christmas_market(db):
    return EventFactory(
        title="Marché de Noël des adhérents",
        slug="marche-de-noel-des-adherents",
        kind=Event.Kind.CHRISTMAS_MARKET,
        audience=Event.Audience.MEMBERS,
        capacity=200,
    )


def image_upload(name: str = "photo.jpg", fmt: str = "JPEG", size=(800, 600)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (180, 40, 40)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def login(client, user):
    client.force_login(user)
    return client


__all__ = ["OfferFactory", "UserFactory", "company_of", "image_upload", "login", "owner_with_status"]
