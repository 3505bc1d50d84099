"""People, companies, staff, and applications at every stage of vetting.

Applications are built through the services, as an applicant and the committee would, so that their
history is real; `CompanyFactory` writes a member company directly, for tests about other apps.
"""

import itertools
import time
from io import BytesIO

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from stdnum import luhn

from charter.services import charter_sign
from core.groups import ensure_groups
from members import services
from members.models import Application, ApplicationDocument, Company, CompanyRole, User
from reference.models import Commune
from tests.factories.charter import current_charter
from tests.factories.reference import lons_le_saunier, sector

# --- People ---------------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"entrepreneur{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", "Jura-mot-de-passe-42")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def verified(user: User) -> User:
    """`user` with its email address verified (as after clicking the link)."""
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def person(**fields) -> User:
    """Somebody with an account and a verified address, and no company."""
    return verified(UserFactory(**fields))


# The authenticator app of every staff account the tests create (tests/conftest.py enrols them).
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = STAFF_TOTP_SECRET, *, step: int = 0) -> str:
    """The code an authenticator app shows now (or `step` periods later) for this secret."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def staff_in(group_name: str, **fields) -> User:
    """A staff member (not a superuser) in one staff group, with the group's declared permissions."""
    ensure_groups()
    user = verified(UserFactory(is_staff=True, **fields))
    group, _ = Group.objects.get_or_create(name=group_name)
    user.groups.add(group)
    return user


# --- Companies ------------------------------------------------------------------------------------

_sirets = itertools.count(1)


def make_siret(n: int) -> str:
    """A valid SIRET (Luhn on the SIREN and on the whole number), different for each n."""
    siren = f"{73282932 + n:08d}"
    siren += luhn.calc_check_digit(siren)
    nic = "0001"
    return siren + nic + luhn.calc_check_digit(siren + nic)


def fresh_siret() -> str:
    """A valid SIRET never handed out before in this test session."""
    return make_siret(500_000 + next(_sirets))


class CompanyFactory(factory.django.DjangoModelFactory):
    """An active member in Lons-le-Saunier, by default; `owner` gives it its responsible person
    (a new person with a verified address otherwise)."""

    class Meta:
        model = Company
        skip_postgeneration_save = True

    siret = factory.Sequence(make_siret)
    legal_name = factory.Sequence(lambda n: f"Fromagerie du Jura {n} SARL")
    legal_form = Company.LegalForm.SARL
    size_band = Company.SizeBand.MICRO
    address = "12 rue du Commerce"
    postal_code = "39000"
    commune = factory.LazyFunction(lons_le_saunier)
    status = Company.Status.ACTIVE
    member_number = factory.Sequence(lambda n: f"MIJ-{n + 100:04d}")
    member_since = factory.LazyFunction(timezone.localdate)
    slug = factory.Sequence(lambda n: f"fromagerie-du-jura-{n}")

    @factory.post_generation
    def owner(obj, create, extracted, **kwargs):
        if not create:
            return
        user = verified(extracted or UserFactory())
        CompanyRole.objects.create(company=obj, user=user, role=CompanyRole.Role.OWNER)


def owner_of(company: Company) -> User:
    return company.roles.get(role=CompanyRole.Role.OWNER).user


def company_of(user: User) -> Company:
    return user.company_role.company


def new_member(**company_fields) -> User:
    """The owner of a new active member company."""
    return owner_of(CompanyFactory(**company_fields))


def colleague_of(user: User, **fields) -> User:
    """A representative of `user`'s company."""
    colleague = UserFactory(**fields)
    CompanyRole.objects.create(company=company_of(user), user=colleague, role=CompanyRole.Role.REPRESENTATIVE)
    return colleague


# --- Applications, built through the services -------------------------------------------------------


def tiny_png() -> ContentFile:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "#1d5c3a").save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def draft_application(
    *,
    applicant: User | None = None,
    legal_name: str = "Menuiserie Vuillermoz",
    commune: Commune | None = None,
    steps: tuple[int, ...] = (2, 3, 4, 5),
) -> Application:
    """A draft with the given steps filled in (identity is always there). Step 5 signs the charter
    version in force (version 1 is published first when there is none)."""
    applicant = applicant or person()
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
                "commune": commune or lons_le_saunier(),
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
            full_name=applicant.get_full_name() or applicant.email,
            ip_address="192.0.2.10",
            user_agent="Mozilla/5.0 (tests)",
        )
        application.refresh_from_db()
    return application


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


def accepted_company(*, reviewer: User, **kwargs) -> Company:
    """An active member, accepted by `reviewer` after a complete vetting."""
    application = checked_application(reviewer=reviewer, **kwargs)
    return services.application_accept(application=application, acting_user=reviewer)


# --- What an applicant types in the application's steps --------------------------------------------------

# A real head office SIRET of La Poste (the Luhn exception) and one of its establishments.
LA_POSTE_HEAD_OFFICE = "35600000000048"
LA_POSTE_ESTABLISHMENT = "35600000049837"

IDENTITY = {
    "legal_name": "Fromagerie du Grandvaux SARL",
    "trade_name": "Fromagerie du Grandvaux",
    "legal_form": "sarl",
    "siret": make_siret(1),
    "naf_code": "10.51C",
    "year_founded": "1987",
    "size_band": "10-49",
    "website": "https://fromagerie-grandvaux.example",
    "phone": "03 84 60 12 34",
    "public_email": "contact@fromagerie-grandvaux.example",
}

ANSWER = "Nous travaillons ainsi depuis vingt ans, avec soin et dans la durée, au pays."
COMMITMENTS = {
    "ethics_employees": ANSWER,
    "ethics_suppliers": ANSWER,
    "ethics_customers": ANSWER,
    "local_anchoring": ANSWER,
    "local_sourcing": ANSWER,
    "no_relocation": "on",
    "no_relocation_details": ANSWER,
}


def png_bytes(size=(64, 48), mode="RGB", fmt="PNG", exif: bytes | None = None) -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else None)
    output = BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(output, format=fmt, **kwargs)
    return output.getvalue()


def identity_draft(applicant: User) -> Application:
    """The application `applicant` opens by sending the first step (IDENTITY)."""
    fields = {k: v for k, v in IDENTITY.items() if k not in ("siret", "legal_name")}
    fields["year_founded"] = int(fields["year_founded"])
    return services.application_start(
        siret=IDENTITY["siret"], legal_name=IDENTITY["legal_name"], acting_user=applicant, **fields
    )
