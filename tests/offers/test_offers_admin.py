"""Staff moderate the offers in the admin: hide with a reason (emailed), restore."""

from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from jura_portal.models import AuditEntry
from offers.models import Offer
from tests.factories.members import company_of
from tests.factories.offers import OfferFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def move_url(offer, move):
    return reverse("admin:offers_offer_move", args=[offer.pk, move])


def test_staff_hide_an_offer_with_a_reason_that_is_emailed_to_the_company(
    client, staff, member, other_member, django_capture_on_commit_callbacks
):
    offer = OfferFactory(company=company_of(member), title="Offre douteuse")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(move_url(offer, "masquer"), {"text": "Aucun prix n'est indiqué."})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.HIDDEN
    assert offer.hidden_by == staff
    [email] = mail.outbox
    assert email.to == [member.email]
    assert "Aucun prix n'est indiqué." in email.body
    assert AuditEntry.objects.filter(action="offer.hidden", comment="Aucun prix n'est indiqué.").exists()
    client.force_login(other_member)
    assert "Offre douteuse" not in page_text(client.get(reverse("offers:list")))


def test_hiding_without_a_reason_is_refused(client, staff, member):
    offer = OfferFactory(company=company_of(member))
    client.force_login(staff)
    response = client.post(move_url(offer, "masquer"), {"text": ""})
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    assert mail.outbox == []


def test_staff_hide_several_offers_from_the_list_then_restore_one(
    client, staff, member, other_member, django_capture_on_commit_callbacks
):
    first = OfferFactory(company=company_of(member))
    second = OfferFactory(company=company_of(other_member))
    client.force_login(staff)
    changelist = reverse("admin:offers_offer_changelist")
    response = client.post(changelist, {"action": "hide_selected", "_selected_action": [first.pk, second.pk]})
    assert "Motif (envoyé à l'entreprise)" in unescape(response.content.decode())
    selection = {"action": "hide_selected", "_selected_action": [first.pk, second.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {**selection, "apply": "1", "text": "Doublon"})
    assert set(Offer.objects.values_list("status", flat=True)) == {Offer.Status.HIDDEN}
    assert len(mail.outbox) == 2
    client.post(move_url(first, "retablir"))
    first.refresh_from_db()
    assert first.status == Offer.Status.PUBLISHED
    assert first.hidden_reason == ""


def test_the_admin_pages_list_and_show_offers(client, staff, member):
    offer = OfferFactory(company=company_of(member), title="Plateaux apéritif")
    client.force_login(staff)
    assert "Plateaux apéritif" in client.get(reverse("admin:offers_offer_changelist")).content.decode()
    page = unescape(client.get(reverse("admin:offers_offer_change", args=[offer.pk])).content.decode())
    assert "Masquer l'offre" in page


def test_restoring_an_offer_the_company_had_withdrawn_does_not_put_it_back_online(
    client, staff, member, other_member
):
    offer = OfferFactory(company=company_of(member), title="Coffret retiré par l'entreprise")
    client.force_login(member)
    client.post(reverse("offers:withdraw", args=[offer.pk]))
    client.force_login(staff)
    client.post(move_url(offer, "masquer"), {"text": "Photo sans rapport avec l'offre."})

    client.post(move_url(offer, "retablir"))

    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN and offer.hidden_reason == ""
    client.force_login(other_member)
    assert "Coffret retiré par l'entreprise" not in page_text(client.get(reverse("offers:list")))
