"""The licence in /espace/ (card and page) and in the admin (register, revocation, label review)."""

import pytest
from django.urls import reverse

from jura_portal.models import AuditEntry
from licensing.models import LogoLicense, ProductLabel
from tests.factories.dues import issued_invoice
from tests.factories.licensing import label_of, licence_of
from tests.pages import page_text

Status = LogoLicense.Status
pytestmark = pytest.mark.django_db


def test_the_space_card_shows_status_code_validity_kit_and_labels(member_client, member_company, staff):
    licence = licence_of(member_company, Status.ACTIVE)
    label_of(member_company, ProductLabel.Status.APPROVED, staff=staff)
    label_of(member_company, ProductLabel.Status.REQUESTED, staff=staff, name="Morbier")
    text = page_text(member_client.get(reverse("members:space")))
    assert "Licence du logo" in text and "Active" in text
    assert licence.formatted_code in text
    assert "Télécharger le kit du logo" in text
    assert "1 produit accordé" in text and "1 demande en attente" in text


def test_the_space_card_of_a_suspended_licence_says_why_and_offers_no_kit(member_client, member_company):
    licence_of(member_company, Status.SUSPENDED)
    text = page_text(member_client.get(reverse("members:space")))
    assert "Suspendue" in text and "paiement de la cotisation" in text
    assert "Télécharger le kit" not in text


@pytest.mark.parametrize("labels", [2, 20])
def test_the_space_card_costs_a_constant_number_of_queries(member_company, staff, labels, rf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from licensing.views import space_card

    licence_of(member_company, Status.ACTIVE)
    for n in range(labels):
        label_of(member_company, ProductLabel.Status.APPROVED, staff=staff, name=f"Produit {n}")
    with CaptureQueriesContext(connection) as queries:
        html = space_card(rf.get("/espace/"), member_company)
    assert len(queries) == 1
    assert f"{labels} produits accordés" in html


def test_the_licence_page_shows_the_qr_code_and_the_rules(member_client, member_company):
    licence = licence_of(member_company, Status.ACTIVE)
    response = member_client.get(reverse("licensing:space_licence"))
    text = page_text(response)
    assert response.status_code == 200
    assert licence.formatted_code in text and "Règles d'usage du logo" in text
    assert "<svg" in response.content.decode()
    assert f"https://portail.madeinjura.test/licence/{licence.code}/" in text


def test_the_licence_page_of_a_revoked_licence_has_no_qr_code(member_client, member_company):
    licence_of(member_company, Status.REVOKED)
    response = member_client.get(reverse("licensing:space_licence"))
    assert "Cette licence est révoquée" in page_text(response)
    assert "<svg" not in response.content.decode()


# --- Admin ---------------------------------------------------------------------------------------


def test_staff_find_a_licence_by_its_printed_code_and_read_its_history(client, staff, member_company):
    licence = licence_of(member_company, Status.ACTIVE)
    client.force_login(staff)
    changelist = reverse("admin:licensing_logolicense_changelist")
    response = client.get(changelist, {"q": licence.formatted_code.lower()})
    assert "Fromagerie Vermot" in response.content.decode()
    response = client.get(changelist, {"status__exact": "revoked"})
    assert "Fromagerie Vermot" not in response.content.decode()
    page = client.get(reverse("admin:licensing_logolicense_change", args=[licence.pk])).content.decode()
    assert "Historique (journal d'audit)" in page
    assert "Licence créée" in page and "Licence active" in page
    assert "Révoquer la licence" in page


def test_staff_revoke_a_licence_from_the_admin_with_a_reason(client, staff, member_company):
    licence = licence_of(member_company, Status.ACTIVE)
    client.force_login(staff)
    url = reverse("admin:licensing_logolicense_move", args=[licence.pk, "revoquer"])
    response = client.post(url, {"text": ""})
    assert response.status_code == 200  # the reason is required: the form comes back
    licence.refresh_from_db()
    assert licence.status == Status.ACTIVE
    response = client.post(url, {"text": "Logo sur des produits fabriqués hors du Jura"})
    assert response.status_code == 302
    licence.refresh_from_db()
    assert licence.status == Status.REVOKED
    entry = AuditEntry.objects.get(action="licence.revoked")
    assert entry.actor == staff and "hors du Jura" in entry.comment


def test_staff_approve_and_reject_labels_from_the_admin(client, staff, member_company):
    approved = label_of(member_company, ProductLabel.Status.REQUESTED, name="Comté AOP 18 mois")
    rejected = label_of(member_company, ProductLabel.Status.REQUESTED, name="Raclette")
    client.force_login(staff)
    listing = client.get(reverse("admin:licensing_productlabel_changelist")).content.decode()
    assert "Comté AOP 18 mois" in listing and "Raclette" in listing
    client.post(reverse("admin:licensing_productlabel_move", args=[approved.pk, "accorder"]), {"text": ""})
    client.post(reverse("admin:licensing_productlabel_move", args=[rejected.pk, "refuser"]), {"text": ""})
    rejected.refresh_from_db()
    assert rejected.status == ProductLabel.Status.REQUESTED  # no reason, no refusal
    client.post(
        reverse("admin:licensing_productlabel_move", args=[rejected.pk, "refuser"]),
        {"text": "Fabriqué en Suisse"},
    )
    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert (approved.status, approved.decided_by) == (ProductLabel.Status.APPROVED, staff)
    assert (rejected.status, rejected.decision_reason) == (ProductLabel.Status.REJECTED, "Fabriqué en Suisse")


def test_a_member_cannot_reach_the_licence_register(client, member):
    client.force_login(member)
    response = client.get(reverse("admin:licensing_logolicense_changelist"))
    assert response.status_code == 302


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.SUSPENDED, Status.REVOKED])
def test_every_region_of_the_licence_page_is_named_by_a_heading_that_exists(
    member_client, member_company, status
):
    import re

    licence_of(member_company, status)
    html = member_client.get(reverse("licensing:space_licence")).content.decode()
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    referenced = re.findall(r'aria-labelledby="([^"]+)"', html)
    assert referenced
    assert [ref for ref in referenced if ref not in ids] == []
    assert len(referenced) == len(set(referenced))  # two landmarks never share a name


def test_a_suspended_licence_page_links_to_paying_the_dues(member_client, member_company):
    from django.utils import timezone

    licence_of(member_company, Status.SUSPENDED)
    today = timezone.localdate()
    invoice = issued_invoice(member_company, year=today.year, today=today)
    LogoLicense.objects.filter(company=member_company).update(status=Status.SUSPENDED)

    html = member_client.get(reverse("licensing:space_licence")).content.decode()

    assert f'href="{reverse("dues:pay", args=[invoice.pk])}"' in html
    assert "Régler ma cotisation" in html


def test_a_suspended_licence_without_an_invoice_links_to_the_dues_page(member_client, member_company):
    licence_of(member_company, Status.SUSPENDED)

    html = member_client.get(reverse("licensing:space_licence")).content.decode()

    assert f'href="{reverse("dues:invoices")}"' in html and "Régler ma cotisation" in html


def test_the_audit_trail_in_the_admin_names_the_company_not_its_id(client, member_company, staff):
    label = label_of(member_company, ProductLabel.Status.REQUESTED, staff=staff)
    licence = licence_of(member_company, Status.ACTIVE)
    client.force_login(staff)

    for url in (
        reverse("admin:licensing_productlabel_change", args=[label.pk]),
        reverse("admin:licensing_logolicense_change", args=[licence.pk]),
    ):
        text = page_text(client.get(url))
        assert "company_id" not in text, url
        assert "entreprise : Fromagerie Vermot" in text, url
