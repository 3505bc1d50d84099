"""Territory and trades: intercommunalities, communes, sectors."""

import itertools

import factory
from django.utils.text import slugify

from reference.models import Commune, Epci, Sector

_codes = itertools.count(1)


def free_insee_code() -> str:
    """A Jura code no commune of this test holds yet (the counter runs for the whole session)."""
    taken = set(Commune.objects.values_list("insee_code", flat=True))
    return next(code for n in _codes if (code := f"39{n % 1000:03d}") not in taken)


class EpciFactory(factory.django.DjangoModelFactory):
    """An intercommunality; the one of that slug when it exists."""

    class Meta:
        model = Epci
        django_get_or_create = ("slug",)

    siren = factory.Sequence(lambda n: f"2{n:08d}")
    name = factory.Sequence(lambda n: f"CC Test {n}")
    slug = factory.Sequence(lambda n: f"cc-test-{n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    """A Jura commune (a free INSEE code); the one of that slug when it exists."""

    class Meta:
        model = Commune
        django_get_or_create = ("slug",)

    insee_code = factory.LazyFunction(free_insee_code)
    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.Sequence(lambda n: f"commune-{n}")
    postal_codes = factory.LazyFunction(lambda: ["39000"])
    epci = factory.SubFactory(EpciFactory)


class SectorFactory(factory.django.DjangoModelFactory):
    """A trade; the one of that name when it exists."""

    class Meta:
        model = Sector
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Métier {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


def lons_le_saunier() -> Commune:
    """Lons-le-Saunier in its agglomeration (ECLA), with their real codes: where companies and events are
    unless a test says otherwise (the reference data's own rows when a test loaded them)."""
    found = Commune.objects.filter(insee_code="39300").first()
    if found is not None:
        return found
    ecla = Epci.objects.filter(siren="200071116").first() or EpciFactory(
        siren="200071116", name="CA ECLA (Espace Communautaire Lons Agglomération)", slug="ecla"
    )
    return CommuneFactory(
        insee_code="39300", name="Lons-le-Saunier", slug="lons-le-saunier", postal_codes=["39000"], epci=ecla
    )


def epci(
    name: str = "Communauté de communes Arbois, Poligny, Salins", slug: str = "arbois-poligny-salins"
) -> Epci:
    return EpciFactory(name=name, slug=slug)


def commune(
    name: str = "Poligny", slug: str | None = None, *, in_epci: Epci | None = None, postal_codes=("39800",)
) -> Commune:
    """The commune of that name (Poligny, in Arbois-Poligny-Salins, unless told)."""
    return CommuneFactory(
        name=name, slug=slug or slugify(name), epci=in_epci or epci(), postal_codes=list(postal_codes)
    )


def sector(name: str = "Menuiserie") -> Sector:
    return SectorFactory(name=name)
