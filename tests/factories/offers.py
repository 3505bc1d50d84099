"""Members' offers, and the photos they come with."""

from datetime import timedelta
from io import BytesIO

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from members.models import Company, User
from offers.models import Offer
from tests.factories.members import CompanyFactory, owner_of


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Coffret gourmand n° {n}")
    description = "Un coffret de comté 18 mois, morbier et vin jaune pour vos clients."
    conditions = "Retrait à la fromagerie, commande avant le 15 décembre."
    discount = "-15 %"
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


def owner_with_status(status: str) -> User:
    """The owner of a company in `status` (an applicant has no member number yet)."""
    fields = {"status": status}
    if status == Company.Status.APPLICANT:
        fields["member_number"] = None
    return owner_of(CompanyFactory(**fields))


def image_upload(name: str = "photo.jpg", fmt: str = "JPEG", size=(800, 600)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (180, 40, 40)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
