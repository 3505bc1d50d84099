"""Logo licences in each state, product labels, and the dues' signals that move licences."""

from datetime import date
from io import BytesIO
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from core.uploads import clean_logo
from dues.signals import invoice_issued, invoice_paid
from licensing import services
from licensing.models import LogoLicense, ProductLabel
from tests.factories.members import owner_of


def fake_invoice(company, *, year=None, kind="first", period=None):
    """What the dues send with their signals: an invoice's company, year, kind and period."""
    year = year or timezone.localdate().year
    start, end = period or (date(year, 1, 1), date(year, 12, 31))
    return SimpleNamespace(company=company, year=year, kind=kind, period_start=start, period_end=end)


def pay(company, *, year=None, actor=None, **kwargs):
    """The dues of `year` are paid (the signal the dues send)."""
    invoice = fake_invoice(company, year=year, **kwargs)
    invoice_paid.send(type(invoice), invoice=invoice, actor=actor)
    return invoice


def issue(company, *, year=None, kind="renewal", actor=None, **kwargs):
    invoice = fake_invoice(company, year=year, kind=kind, **kwargs)
    invoice_issued.send(type(invoice), invoice=invoice, actor=actor)
    return invoice


def licence_of(company, status=LogoLicense.Status.ACTIVE) -> LogoLicense:
    """A licence in `status`, reached through the services (an expired one is last year's)."""
    year = timezone.localdate().year - (1 if status == LogoLicense.Status.EXPIRED else 0)
    licence = services.licence_grant(company=company, year=year, acting_user=None)
    if status != LogoLicense.Status.SUSPENDED:
        licence = services.licence_record_payment(licence=licence, acting_user=None)
    if status == LogoLicense.Status.REVOKED:
        licence = services.licence_revoke(licence=licence, acting_user=None, reason="Usage abusif du logo")
    if status == LogoLicense.Status.EXPIRED:
        services.licence_expire(licence=licence)
    licence.refresh_from_db()
    assert licence.status == status
    return licence


def png_upload(name="comte.png", size=(800, 600), colour=(230, 200, 80), fmt="PNG", **save_kwargs):
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt, **save_kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def label_of(company, status=ProductLabel.Status.APPROVED, *, name="Comté AOP 18 mois", staff=None):
    label = services.label_request(
        company=company,
        acting_user=owner_of(company),
        name=name,
        description="Affiné 18 mois en cave d'épicéa à Poligny.",
        photo=clean_logo(png_upload()),
        quality_reason="Lait cru de Montbéliardes, AOP, affinage dans le Jura.",
    )
    if status == ProductLabel.Status.APPROVED:
        label = services.label_approve(label=label, acting_user=staff)
    elif status == ProductLabel.Status.REJECTED:
        label = services.label_reject(label=label, acting_user=staff, reason="Photo floue")
    elif status == ProductLabel.Status.WITHDRAWN:
        label = services.label_approve(label=label, acting_user=staff)
        label = services.label_withdraw(label=label, acting_user=owner_of(company))
    return label
