"""Licensing's part of a person's data (core.personal_data): the labelled products of the company
they own, with their photos. Kept on erasure (the licence history: 5 years)."""

from core.personal_data import Archive, row
from licensing.models import ProductLabel


def export(user, *, company, archive: Archive) -> dict:
    if company is None:
        return {}
    labels = []
    for label in ProductLabel.objects.filter(company=company):
        labels.append({**row(label), "photo_fichier": archive.add_file(label.photo, "labels")})
    return {"produits_labellises": labels}
