"""The signature receipt (PDF): what it proves, and for whom."""

import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from pypdf import PdfReader

from charter.receipts import receipt_html
from tests.factories.charter import CharterVersionFactory, SignatureFactory
from tests.factories.members import owner_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def signature(member_company):
    version = CharterVersionFactory(number=2, title="Charte qualité et éthique 2026")
    return SignatureFactory(
        company=member_company,
        version=version,
        full_name="Camille Vuillet",
        signed_at=datetime(2026, 7, 14, 8, 30, tzinfo=UTC),
        ip_address="198.51.100.23",
    )


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    # Long values (the fingerprint, the browser) wrap: compare without spaces and line breaks.
    return "".join("".join(page.extract_text() for page in reader.pages).split())


def test_the_receipt_is_a_pdf_attachment_named_after_the_version_and_the_siret(
    client, member_company, member, signature
):
    client.force_login(member)

    response = client.get(reverse("charter:receipt", args=[signature.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="attestation-charte-v2-{member_company.siret}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_carries_the_proof_of_the_signature_and_the_text_signed(
    client, member_company, member, signature
):
    client.force_login(member)

    text = pdf_text(client.get(reverse("charter:receipt", args=[signature.pk])).content)

    assert "Attestationdesignaturedelacharte" in text
    assert signature.version.text_sha256 in text
    assert member_company.siret in text
    assert member_company.legal_name.replace(" ", "") in text
    assert "CamilleVuillet" in text
    assert member.email in text
    assert "198.51.100.23" in text
    # 8:30 UTC is 10:30 in Paris in July.
    assert "14juillet2026à10:30:00(heuredeParis)" in text
    assert "Desproduitsdequalité,fabriquésdansleJura." in text


def test_the_receipt_html_names_the_association_and_the_browser(signature, settings):
    html = receipt_html(signature)

    assert settings.ASSOCIATION["name"] in html
    assert signature.user_agent in html
    assert "<strong>fournisseurs locaux</strong>" in html


def test_another_companys_receipt_is_not_found(client, other_member_company, signature):

    client.force_login(owner_of(other_member_company))

    assert client.get(reverse("charter:receipt", args=[signature.pk])).status_code == 404


def test_a_person_without_a_company_gets_no_receipt(client, verified_user, signature):
    client.force_login(verified_user)

    assert client.get(reverse("charter:receipt", args=[signature.pk])).status_code == 404


def test_the_receipt_asks_to_log_in(client, signature):
    response = client.get(reverse("charter:receipt", args=[signature.pk]))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
