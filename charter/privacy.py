"""The charter's part of a person's data (core.personal_data): the signatures they made.

Signatures are kept on erasure (the membership and 3 years: proof of the commitment)."""

from charter.models import Signature
from core.personal_data import Archive, row


def export(user, *, company, archive: Archive) -> dict:
    return {"signatures_charte": [row(signature) for signature in Signature.objects.filter(signer=user)]}
