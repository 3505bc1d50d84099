"""The offers' part of a person's data (core.personal_data): the offers of the company they own or
that they wrote, with their photos. On erasure an offer stays (the company's), its author goes."""

from django.db.models import Q

from core.personal_data import Archive, row
from offers.models import Offer


def export(user, *, company, archive: Archive) -> dict:
    offers = Offer.objects.filter(Q(company=company) | Q(created_by=user) if company else Q(created_by=user))
    return {
        "offres": [
            {**row(offer), "photo_fichier": archive.add_file(offer.photo, "offres")} for offer in offers
        ]
    }


def erase(user) -> dict:
    Offer.objects.filter(created_by=user).update(created_by=None)
    return {}
