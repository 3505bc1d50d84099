"""Listed members of the directory, built the way the portal builds them."""

import itertools

from charter.models import CharterVersion, Signature
from directory import services
from directory.models import Listing
from members.models import Commune, Company, Epci, Sector
from tests.charter.factories_charter import CharterVersionFactory, CompanyFactory, owner_of

_numbers = itertools.count(1)


def charter() -> CharterVersion:
    """The version in force, published once."""
    return CharterVersion.objects.current() or CharterVersionFactory(number=1)


def sign_current(company: Company) -> None:
    version = charter()
    Signature.objects.get_or_create(
        company=company,
        version=version,
        defaults={
            "signer": owner_of(company),
            "full_name": "Camille Vuillet",
            "text_sha256": version.text_sha256,
        },
    )


def epci(name: str = "Communauté de communes Arbois, Poligny, Salins", slug: str = "arbois-poligny-salins"):
    return Epci.objects.get_or_create(
        slug=slug, defaults={"name": name, "siren": f"2000{next(_numbers):05d}"}
    )[0]


def free_insee_code() -> str:
    """A Jura code no commune of this test holds yet (the counter runs for the whole session)."""
    taken = set(Commune.objects.values_list("insee_code", flat=True))
    return next(code for n in _numbers if (code := f"39{n % 1000:03d}") not in taken)


def commune(name: str = "Poligny", slug: str = "poligny", *, in_epci: Epci | None = None) -> Commune:
    return Commune.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "insee_code": free_insee_code(),
            "postal_codes": ["39800"],
            "epci": in_epci or epci(),
        },
    )[0]


def sector(name: str) -> Sector:
    from django.utils.text import slugify

    return Sector.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]


def listed_company(
    name: str = "Menuiserie Vuillet",
    *,
    trades: tuple[str, ...] = ("Menuiserie",),
    description: str = "",
    products: str = "",
    place: Commune | None = None,
    signed: bool = True,
    **fields,
) -> Company:
    """An active member with its listing, having signed the charter in force: the public sees it."""
    company = CompanyFactory(
        legal_name=f"{name} SARL",
        trade_name=name,
        description=description,
        products=products,
        commune=place or commune(),
        **fields,
    )
    company.sectors.set([sector(trade) for trade in trades])
    if signed:
        sign_current(company)
    services.listing_ensure(company=company)
    return company


def listing_of(company: Company) -> Listing:
    return Listing.objects.get(company=company)


def unlist(company: Company) -> None:
    """The member unticks "appear in the directory" (a save, as the admin and the edit form do)."""
    listing = listing_of(company)
    listing.is_listed = False
    listing.save(update_fields=["is_listed"])
