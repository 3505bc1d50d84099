"""Demo data for `make run` (see jura_portal.demo). Idempotent.

Every member got its licence when it was accepted (the receivers did it). Here the
year's dues count as paid where the dues demo has no invoice (or a paid one), a few
members get last year's expired licence as history, one licence is revoked by staff,
and products wait for review, are approved or refused.
"""

from datetime import date
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from licensing import services
from licensing.models import LogoLicense, ProductLabel
from members.models import Company, User

LABELS = [
    # (product, description, quality reason, decision, reason, colour)
    (
        "Comté AOP 18 mois",
        "Meule affinée 18 mois sur planches d'épicéa dans notre cave des Rousses.",
        "Lait cru de Montbéliardes de 14 fermes à moins de 25 km, cahier des charges AOP, affinage maison.",
        "approved",
        "",
        (214, 178, 72),
    ),
    (
        "Morbier fermier",
        "Morbier au lait cru, raie de charbon végétal, affiné 60 jours.",
        "Fabriqué à la ferme le matin même de la traite, lait de nos vaches.",
        "requested",
        "",
        (196, 160, 96),
    ),
    (
        "Montures « Risoux » en épicéa",
        "Lunettes de vue en bois d'épicéa du Risoux, charnières fabriquées à Morez.",
        "Bois certifié PEFC du massif du Risoux, assemblage et finition dans notre atelier de Morez.",
        "approved",
        "Belle démarche : pensez à mentionner l'origine du bois sur l'étui.",
        (120, 84, 48),
    ),
    (
        "Coffret de jouets en hêtre",
        "Dix jouets en hêtre massif pour les tout-petits, peintures à l'eau.",
        "Hêtre du Jura, tournage et peinture à Moirans-en-Montagne, normes jouets EN 71.",
        "approved",
        "",
        (178, 120, 70),
    ),
    (
        "Porte-clés souvenirs",
        "Porte-clés en métal émaillé à l'effigie du Jura.",
        "Vendus dans notre boutique de Moirans.",
        "rejected",
        "Ces porte-clés sont fabriqués hors du Jura : ils ne peuvent pas porter le logo.",
        (90, 110, 160),
    ),
    (
        "Vin jaune 2018",
        "Savagnin élevé six ans et trois mois sous voile, clavelin de 62 cl.",
        "Vignes en coteaux d'Arbois, vendanges manuelles, vinification et élevage au domaine.",
        "approved",
        "",
        (200, 150, 40),
    ),
]


def _photo(name: str, colour: tuple[int, int, int]) -> ContentFile:
    """A simple product picture: the product's colour, a soft shape and its name."""
    image = Image.new("RGB", (800, 600), (246, 243, 235))
    draw = ImageDraw.Draw(image)
    draw.ellipse((200, 90, 600, 490), fill=colour)
    draw.rectangle((0, 520, 800, 600), fill=(29, 79, 44))
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 34)
    except OSError:
        font = ImageFont.load_default(34)
    draw.text((400, 560), name, fill=(255, 255, 255), font=font, anchor="mm")
    output = BytesIO()
    image.save(output, format="PNG")
    return ContentFile(output.getvalue(), name="photo.png")


def _dues_paid_or_absent(company: Company, year: int) -> bool:
    try:
        from dues.models import Invoice
    except ImportError:  # the dues app without its models yet
        return True
    invoices = Invoice.objects.filter(company=company, year=year)
    return not invoices.exists() or invoices.filter(status=Invoice.Status.PAID).exists()


def load_licensing() -> str:
    staff = User.objects.filter(is_superuser=True, email__endswith="@madeinjura.test").first()
    today = timezone.localdate()
    members = list(
        Company.objects.members().filter(status__in=Company.MEMBER_STATUSES).order_by("member_number")
    )
    for company in members:
        licence = services.licence_grant(company=company, year=today.year, acting_user=None)
        if licence.paid_at is None and _dues_paid_or_absent(company, today.year):
            services.licence_record_payment(licence=licence, acting_user=None)

    active = [company for company in members if company.status == Company.Status.ACTIVE]
    # Last year's licence, expired, for the older members: the space shows its history.
    for company in active[:3]:
        if not LogoLicense.objects.filter(company=company, year=today.year - 1).exists():
            old = services.licence_grant(
                company=company,
                year=today.year - 1,
                acting_user=None,
                valid_from=date(today.year - 1, 1, 1),
                valid_until=date(today.year - 1, 12, 31),
            )
            services.licence_record_payment(licence=old, acting_user=None)
            services.licence_expire(licence=old, today=today)

    # One licence revoked by staff (the last active member): the register shows why.
    if len(active) > 4 and staff is not None:
        licence = LogoLicense.objects.filter(company=active[-1], year=today.year).first()
        if licence is not None and licence.status == LogoLicense.Status.ACTIVE:
            services.licence_revoke(
                licence=licence,
                acting_user=staff,
                reason="Logo imprimé sur des produits non labellisés malgré deux rappels.",
            )

    labelled = active[:4]
    for index, (name, description, quality, decision, reason, colour) in enumerate(LABELS):
        if not labelled or staff is None:
            break
        company = labelled[min(index // 2, len(labelled) - 1)]
        if ProductLabel.objects.filter(company=company, name=name).exists():
            continue
        owner = company.roles.order_by("role", "created_at").first()
        label = services.label_request(
            company=company,
            acting_user=owner.user if owner else staff,
            name=name,
            description=description,
            photo=_photo(name, colour),
            quality_reason=quality,
        )
        if decision == "approved":
            services.label_approve(label=label, acting_user=staff, reason=reason)
        elif decision == "rejected":
            services.label_reject(label=label, acting_user=staff, reason=reason)

    counts = {
        status: LogoLicense.objects.filter(year=today.year, status=status).count()
        for status in LogoLicense.Status
    }
    return (
        f"licences {today.year} : {counts['active']} actives, {counts['suspended']} suspendues, "
        f"{counts['revoked']} révoquées ; {ProductLabel.objects.approved().count()} produits labellisés, "
        f"{ProductLabel.objects.to_review().count()} demande(s) de label à examiner"
    )
