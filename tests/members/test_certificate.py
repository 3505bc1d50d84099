"""The membership certificate: an active member downloads a PDF with its number, the year and a link
that anyone opens to check it; others are refused."""

import io
import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from members import lifecycle
from members.models import Company
from tests.factories.members import CompanyFactory, owner_of

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/attestation/[^/\s]+/")


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def fromagerie():
    return CompanyFactory(
        legal_name="Fromagerie des Rousses SARL", member_number="MIJ-0042", member_since=date(2021, 5, 3)
    )


def test_an_active_member_downloads_a_certificate_with_its_number_the_year_and_a_verification_link(
    client, fromagerie, settings
):
    settings.SITE_URL = "https://portail.madeinjura.test"
    with time_machine.travel(date(2027, 3, 9)):
        client.force_login(owner_of(fromagerie))
        assert reverse("members:certificate") in client.get(reverse("members:space")).content.decode()
        response = client.get(reverse("members:certificate"))

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="attestation-adhesion-MIJ-0042-2027.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Attestation d'adhésion 2027" in text
    assert "Fromagerie des Rousses SARL" in text
    assert "MIJ-0042" in text
    assert "pour l'année 2027" in text
    link = LINK.search(re.sub(r"\s+", "", text.split("Scannez")[1]))
    assert link is not None

    # The link says the certificate is genuine and the company is a member today.
    page = client.get(link.group(0).removeprefix(settings.SITE_URL))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Attestation authentique : entreprise adhérente" in body
    assert "MIJ-0042" in body and "2027" in body


def test_the_verification_link_tells_when_the_company_is_no_longer_a_member(client, fromagerie, staff):
    from members.certificate import verification_url

    url = verification_url(company=fromagerie, year=2027)
    lifecycle.company_resign(company=fromagerie, acting_user=owner_of(fromagerie), reason="")

    body = client.get("/" + url.split("://", 1)[1].split("/", 1)[1]).content.decode()
    assert "n'est plus adhérente aujourd'hui" in body


def test_a_forged_verification_link_is_unknown(client, fromagerie):
    from members.certificate import make_token

    token = make_token(company=fromagerie, year=2027)
    response = client.get(reverse("members:certificate_verify", kwargs={"token": token[:-2] + "xx"}))

    assert response.status_code == 404
    assert "Attestation inconnue" in response.content.decode()


@pytest.mark.parametrize(
    "status", [Company.Status.SUSPENDED, Company.Status.LAPSED, Company.Status.APPLICANT]
)
def test_a_company_that_is_not_an_active_member_gets_no_certificate(client, status):
    company = CompanyFactory(status=status)
    client.force_login(owner_of(company))

    response = client.get(reverse("members:certificate"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("members:space")
    assert "réservée aux entreprises adhérentes actives" in response.content.decode()
    assert reverse("members:certificate") not in response.content.decode()
