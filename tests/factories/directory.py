"""Listed members of the directory, built the way the portal builds them."""

from directory import services
from directory.models import Listing
from members.models import Company
from reference.models import Commune
from tests.factories.charter import sign_current
from tests.factories.members import CompanyFactory
from tests.factories.reference import commune, sector


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
