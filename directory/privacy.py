"""The directory's part of a person's data (core.personal_data): the listing choices of the
company they own, under the export's "entreprise"."""

from core.personal_data import Archive
from directory.models import Listing

CHOICES = ("is_listed", "show_phone", "show_email", "show_website", "show_address")


def export(user, *, company, archive: Archive) -> dict:
    listing = Listing.objects.filter(company=company).first() if company is not None else None
    if listing is None:
        return {}
    return {"entreprise": {"annuaire": {name: getattr(listing, name) for name in CHOICES}}}
