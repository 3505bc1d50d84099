"""Factories for the charter tests: Jura companies with their owner, charter versions."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from charter.models import CharterVersion, Signature
from members.models import Commune, Company, CompanyRole, Epci
from tests.factories import UserFactory, make_siret


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci
        django_get_or_create = ("siren",)

    siren = "200071421"
    name = "Espace Communautaire Lons Agglomération"
    slug = "ecla"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("insee_code",)

    insee_code = "39300"
    name = "Lons-le-Saunier"
    slug = "lons-le-saunier"
    postal_codes = factory.LazyFunction(lambda: ["39000"])
    epci = factory.SubFactory(EpciFactory)


class CompanyFactory(factory.django.DjangoModelFactory):
    """An active member of the Jura, by default; `owner` gives it its responsible person."""

    class Meta:
        model = Company
        skip_postgeneration_save = True

    siret = factory.Sequence(make_siret)
    legal_name = factory.Sequence(lambda n: f"Fromagerie du Jura {n} SARL")
    legal_form = Company.LegalForm.SARL
    size_band = Company.SizeBand.MICRO
    address = "12 rue du Commerce"
    postal_code = "39000"
    commune = factory.SubFactory(CommuneFactory)
    status = Company.Status.ACTIVE
    member_number = factory.Sequence(lambda n: f"MIJ-{n + 100:04d}")
    member_since = factory.LazyFunction(timezone.localdate)
    slug = factory.Sequence(lambda n: f"fromagerie-du-jura-{n}")

    @factory.post_generation
    def owner(obj, create, extracted, **kwargs):
        if not create:
            return
        user = extracted or UserFactory()
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        CompanyRole.objects.create(company=obj, user=user, role=CompanyRole.Role.OWNER)


def owner_of(company: Company):
    return company.roles.get(role=CompanyRole.Role.OWNER).user


class CharterVersionFactory(factory.django.DjangoModelFactory):
    """A published version by default; `published_at=None` makes a draft."""

    class Meta:
        model = CharterVersion

    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Charte qualité et éthique {o.number}")
    body = factory.LazyAttribute(
        lambda o: (
            f"## Nos engagements (version {o.number})\n\n"
            "1. Des produits de qualité, fabriqués dans le Jura.\n"
            "2. Le respect des salariés, des fournisseurs et des clients.\n\n"
            "Nous privilégions les **fournisseurs locaux**."
        )
    )
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    company = factory.SubFactory(CompanyFactory)
    version = factory.SubFactory(CharterVersionFactory)
    signer = factory.LazyAttribute(lambda o: owner_of(o.company))
    full_name = factory.LazyAttribute(lambda o: o.signer.get_full_name() or "Camille Vuillet")
    text_sha256 = factory.LazyAttribute(lambda o: o.version.text_sha256)
    ip_address = "203.0.113.7"
    user_agent = "Mozilla/5.0 (Linux; Android 14) Firefox/140.0"
