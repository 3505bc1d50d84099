"""Factories and fixtures for the applicant's journey (helper "wizard").

The test modules import the fixtures they use from here.
"""

from io import BytesIO

import factory
import pytest
from django.utils import timezone
from PIL import Image

from charter.models import CharterVersion
from members import services
from members.models import Application, Commune, Epci, Sector
from tests.factories import make_siret

# A real head office SIRET of La Poste (the Luhn exception) and one of its establishments.
LA_POSTE_HEAD_OFFICE = "35600000000048"
LA_POSTE_ESTABLISHMENT = "35600000049837"


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci

    siren = factory.Sequence(lambda n: f"2{n:08d}")
    name = factory.Sequence(lambda n: f"CC Test {n}")
    slug = factory.Sequence(lambda n: f"cc-test-{n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    insee_code = factory.Sequence(lambda n: f"39{n:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.Sequence(lambda n: f"commune-{n}")
    postal_codes = factory.LazyFunction(lambda: ["39000"])
    epci = factory.SubFactory(EpciFactory)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector

    name = factory.Sequence(lambda n: f"Métier {n}")
    slug = factory.Sequence(lambda n: f"metier-{n}")


class CharterVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterVersion

    number = factory.Sequence(lambda n: n + 1)
    title = "Charte qualité et éthique Made in Jura"
    body = (
        "## Nos engagements\n\n"
        "1. Fabriquer dans le Jura des produits de qualité.\n"
        "2. Respecter nos salariés, nos fournisseurs et nos clients.\n"
        "3. Ne pas délocaliser notre production."
    )
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))


def png_bytes(size=(64, 48), mode="RGB", fmt="PNG", exif: bytes | None = None) -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else None)
    output = BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(output, format=fmt, **kwargs)
    return output.getvalue()


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


@pytest.fixture
def lons(db) -> Commune:
    epci = EpciFactory(name="CA ECLA (Espace Communautaire Lons Agglomération)", slug="ecla")
    return CommuneFactory(name="Lons-le-Saunier", slug="lons-le-saunier", postal_codes=["39000"], epci=epci)


@pytest.fixture
def sectors(db) -> list[Sector]:
    return [
        SectorFactory(name="Fromagerie"),
        SectorFactory(name="Ébénisterie"),
        SectorFactory(name="Horlogerie"),
    ]


@pytest.fixture
def applicant(verified_user):
    return verified_user


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def draft(applicant) -> Application:
    """An application that has only its first step (identity)."""
    fields = {k: v for k, v in IDENTITY.items() if k not in ("siret", "legal_name")}
    fields["year_founded"] = int(fields["year_founded"])
    return services.application_start(
        siret=IDENTITY["siret"], legal_name=IDENTITY["legal_name"], acting_user=applicant, **fields
    )


@pytest.fixture
def charter_version(db) -> CharterVersion:
    return CharterVersionFactory()


@pytest.fixture
def complete_draft(draft, applicant, lons, sectors, charter_version) -> Application:
    """A draft with every step filled in and the charter signed: ready to be sent."""
    from charter.services import charter_sign

    services.application_update(
        application=draft,
        acting_user=applicant,
        step=Application.Step.LOCATION,
        company_fields={"address": "12 rue du Commerce", "postal_code": "39000", "commune": lons},
    )
    services.application_update(
        application=draft,
        acting_user=applicant,
        step=Application.Step.ACTIVITY,
        company_fields={"description": "Comté AOP.", "products": "Comté, morbier, bleu de Gex."},
        sectors=sectors[:1],
    )
    services.application_update(
        application=draft,
        acting_user=applicant,
        step=Application.Step.COMMITMENTS,
        application_fields={**dict.fromkeys(COMMITMENTS, ANSWER), "no_relocation": True},
    )
    charter_sign(
        company=draft.company,
        version=charter_version,
        acting_user=applicant,
        full_name="Claire Jeunet",
        ip_address="192.0.2.1",
        user_agent="pytest",
    )
    draft.refresh_from_db()
    return draft
