"""Applications at every stage of vetting, built through the services as an applicant would."""

import zlib
from datetime import timedelta
from io import BytesIO
from itertools import count

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from charter.models import CharterVersion
from charter.services import charter_sign
from members import services
from members.models import Application, ApplicationDocument, Commune, Epci, Sector, User
from tests.factories import UserFactory, fresh_siret

_serial = count(1)


def jura_commune(name: str = "Lons-le-Saunier") -> Commune:
    epci, _ = Epci.objects.get_or_create(
        siren="200071116",
        defaults={"name": "CA ECLA (Espace Communautaire Lons Agglomération)", "slug": "ecla"},
    )
    commune, _ = Commune.objects.get_or_create(
        name=name,
        defaults={
            "insee_code": f"39{zlib.crc32(name.encode()) % 1000:03d}",
            "slug": name.lower().replace(" ", "-"),
            "postal_codes": ["39000"],
            "epci": epci,
        },
    )
    return commune


def sector(name: str = "Menuiserie") -> Sector:
    found, _ = Sector.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-")})
    return found


def current_charter() -> CharterVersion:
    """The published charter version applicants sign (created once per test)."""
    version = CharterVersion.objects.current()
    if version is None:
        version = CharterVersion.objects.create(
            number=1,
            title="Charte qualité et éthique",
            body="## Nos engagements\n\nProduire dans le Jura, bien traiter ses salariés.",
            published_at=timezone.now() - timedelta(days=30),
        )
    return version


def draft_application(
    *,
    applicant: User | None = None,
    legal_name: str = "Menuiserie Vuillermoz",
    commune: Commune | None = None,
    steps: tuple[int, ...] = (2, 3, 4, 5),
) -> Application:
    """A draft with the given steps filled in (identity is always there)."""
    applicant = applicant or UserFactory()
    application = services.application_start(
        siret=fresh_siret(),
        legal_name=legal_name,
        acting_user=applicant,
        trade_name="",
        legal_form="sarl",
        size_band="1-9",
        naf_code="1623Z",
        year_founded=1987,
        phone="03 84 00 00 00",
        public_email="contact@vuillermoz.example",
    )
    if 2 in steps:
        application = services.application_update(
            application=application,
            acting_user=applicant,
            step=Application.Step.LOCATION,
            company_fields={
                "address": "12 rue du Commerce",
                "postal_code": "39000",
                "commune": commune or jura_commune(),
            },
        )
    if 3 in steps:
        application = services.application_update(
            application=application,
            acting_user=applicant,
            step=Application.Step.ACTIVITY,
            company_fields={
                "description": "Escaliers et agencements en épicéa du Jura.",
                "products": "Escaliers, cuisines, parquets.",
                "quality_evidence": "Label Bois des Alpes, meilleur ouvrier de France 2015.",
                "logo": tiny_png(),
            },
            sectors=[sector()],
        )
    if 4 in steps:
        application = services.application_update(
            application=application,
            acting_user=applicant,
            step=Application.Step.COMMITMENTS,
            application_fields={
                "ethics_employees": "Formation de deux apprentis par an.",
                "ethics_suppliers": "Paiement à 30 jours, scieries locales.",
                "ethics_customers": "Devis détaillés, garantie dix ans.",
                "local_anchoring": "Atelier familial depuis trois générations.",
                "local_sourcing": "Bois des forêts du Haut-Jura.",
                "no_relocation": True,
            },
        )
    if 5 in steps:
        charter_sign(
            company=application.company,
            version=current_charter(),
            acting_user=applicant,
            full_name=f"{applicant.first_name} {applicant.last_name}",
            ip_address="192.0.2.10",
            user_agent="Mozilla/5.0 (tests)",
        )
        application.refresh_from_db()
    return application


def tiny_png() -> ContentFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "#1d5c3a").save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def add_document(application: Application, title: str = "Certificat Bois des Alpes") -> ApplicationDocument:
    return services.application_add_document(
        application=application,
        acting_user=application.applicant,
        title=title,
        file=ContentFile(PDF_BYTES, name="certificat.pdf"),
        size=len(PDF_BYTES),
    )


def submitted_application(*, with_document: bool = False, **kwargs) -> Application:
    application = draft_application(**kwargs)
    if with_document:
        add_document(application)
    return services.application_submit(application=application, acting_user=application.applicant)


def in_review_application(*, reviewer: User, **kwargs) -> Application:
    application = submitted_application(**kwargs)
    return services.application_start_review(application=application, acting_user=reviewer)


def checked_application(*, reviewer: User, **kwargs) -> Application:
    """Under review with the three verifications ticked: ready to be accepted."""
    application = in_review_application(reviewer=reviewer, **kwargs)
    return services.application_update_checklist(
        application=application, acting_user=reviewer, location=True, quality=True, ethics=True, notes=""
    )
