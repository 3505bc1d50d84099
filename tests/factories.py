"""factory_boy factories for the portal's models."""

import itertools

import factory
from django.contrib.auth import get_user_model
from stdnum import luhn

from members.models import Commune, Epci


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"entrepreneur{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", "Jura-mot-de-passe-42")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


_sirets = itertools.count(1)


def make_siret(n: int) -> str:
    """A valid SIRET (Luhn on the SIREN and on the whole number), different for each n."""
    siren = f"{73282932 + n:08d}"
    siren += luhn.calc_check_digit(siren)
    nic = "0001"
    return siren + nic + luhn.calc_check_digit(siren + nic)


def fresh_siret() -> str:
    """A valid SIRET never handed out before in this test session."""
    return make_siret(500_000 + next(_sirets))


def jura_commune() -> Commune:
    """Lons-le-Saunier and its agglomeration, created once."""
    epci, _ = Epci.objects.get_or_create(
        siren="200071116",
        defaults={"name": "CA ECLA (Espace Communautaire Lons Agglomération)", "slug": "ecla"},
    )
    commune, _ = Commune.objects.get_or_create(
        insee_code="39300",
        defaults={
            "name": "Lons-le-Saunier",
            "slug": "lons-le-saunier",
            "postal_codes": ["39000"],
            "epci": epci,
        },
    )
    return commune
