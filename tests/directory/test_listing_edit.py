"""/espace/annuaire/: members edit their listing; name, logo and trades wait for staff, the rest is live."""

from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from directory import services
from directory.models import Listing, ListingChange
from jura_portal.models import AuditEntry
from members.models import Company
from tests.factories.directory import listed_company, listing_of
from tests.factories.members import owner_of
from tests.factories.reference import sector
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_company():
    company = listed_company(
        "Menuiserie Girard", trades=("Menuiserie",), description="Fenêtres.", phone="0384000000"
    )
    Listing.objects.filter(company=company).update(show_phone=True, show_address=True)  # its choice
    return company


@pytest.fixture
def owner_client(client, member_company):
    client.force_login(owner_of(member_company))
    return client


def png(color="red", size=(64, 64)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def form_data(member_company: Company, **changes) -> dict:
    data = {
        "trade_name": member_company.trade_name,
        "sectors": [s.pk for s in member_company.sectors.all()],
        "description": member_company.description,
        "products": member_company.products,
        "website": member_company.website,
        "phone": member_company.phone,
        "public_email": member_company.public_email,
        "is_listed": "on",
        "show_phone": "on",
        "show_email": "on",
        "show_website": "on",
        "show_address": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def search_total(client, q: str) -> int:
    return client.get(reverse("directory:list"), {"q": q}).context["results"].total


def test_the_space_shows_a_card_linking_to_the_listing_editor(owner_client):
    html = owner_client.get(reverse("members:space")).content.decode()

    assert "Fiche dans l'annuaire" in html
    assert reverse("directory:edit") in html


def test_description_products_and_contact_choices_go_live_at_once_and_are_audited(
    owner_client, member_company, client
):
    response = owner_client.post(
        reverse("directory:edit"),
        form_data(
            member_company, description="Escaliers en chêne massif.", products="Escaliers", show_phone=None
        ),
    )

    assert response.status_code == 302
    member_company.refresh_from_db()
    assert member_company.description == "Escaliers en chêne massif."
    assert listing_of(member_company).show_phone is False
    assert not ListingChange.objects.exists()
    entry = AuditEntry.objects.get(action="listing.updated")
    assert set(entry.details["fields"]) == {"description", "products", "show_phone"}
    assert search_total(client, "escalier chene") == 1


def test_a_new_name_and_trades_wait_for_staff_and_the_member_sees_what_is_pending(
    owner_client, member_company, client
):
    bois = sector("Ébénisterie")

    owner_client.post(
        reverse("directory:edit"),
        form_data(member_company, trade_name="Ébénisterie Girard", sectors=[bois.pk]),
    )

    member_company.refresh_from_db()
    assert member_company.trade_name == "Menuiserie Girard"  # still live as it was
    change = ListingChange.objects.get()
    assert change.status == ListingChange.Status.PENDING
    assert change.change_name and change.change_sectors and not change.change_logo
    assert search_total(client, "ebenisterie") == 0
    text = page_text(owner_client.get(reverse("directory:edit")))
    assert "En attente de validation par l'équipe" in text
    assert "Nom affiché : « Ébénisterie Girard »" in text
    assert AuditEntry.objects.filter(action="listing.change_requested").exists()


def test_a_new_logo_is_checked_like_the_applications_and_waits_for_staff(owner_client, member_company):
    response = owner_client.post(reverse("directory:edit"), form_data(member_company, logo=png()))

    assert response.status_code == 302
    change = ListingChange.objects.get()
    assert change.change_logo and change.logo.name.endswith(".png")
    member_company.refresh_from_db()
    assert not member_company.logo


def test_a_file_that_is_not_an_image_is_refused_in_french_and_the_form_keeps_what_was_typed(
    owner_client, member_company
):
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")

    response = owner_client.post(
        reverse("directory:edit"), form_data(member_company, logo=fake, description="Texte en cours")
    )

    assert response.status_code == 200
    assert "n'est pas une image PNG, JPEG ou WebP" in page_text(response)
    assert "Texte en cours" in response.content.decode()
    member_company.refresh_from_db()
    assert member_company.description == "Fenêtres."


def test_a_bad_phone_number_gets_a_french_message(owner_client, member_company):
    response = owner_client.post(reverse("directory:edit"), form_data(member_company, phone="appelez-moi"))

    assert "Saisissez un numéro de téléphone" in response.content.decode()


def test_staff_approve_in_the_admin_and_the_change_goes_live(
    client, member_company, staff, django_capture_on_commit_callbacks
):
    services.listing_change_request(
        company=member_company,
        acting_user=owner_of(member_company),
        trade_name="Ébénisterie Girard",
        sectors=[sector("Ébénisterie")],
    )
    change = ListingChange.objects.get()
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:directory_listingchange_move", args=[change.pk, "approuver"]), {"text": ""}
        )

    assert response.status_code == 302
    member_company.refresh_from_db()
    assert member_company.trade_name == "Ébénisterie Girard"
    assert [s.name for s in member_company.sectors.all()] == ["Ébénisterie"]
    change.refresh_from_db()
    assert change.status == ListingChange.Status.APPROVED and change.decided_by == staff
    assert search_total(client, "ebenisterie") == 1
    assert AuditEntry.objects.filter(action="listing.change_approved").exists()
    assert "mise à jour" in mail.outbox[-1].subject


def test_staff_reject_with_a_reason_the_member_reads(
    client, member_company, staff, django_capture_on_commit_callbacks
):
    services.listing_change_request(
        company=member_company, acting_user=owner_of(member_company), trade_name="MEGA PROMO"
    )
    change = ListingChange.objects.get()
    client.force_login(staff)
    url = reverse("admin:directory_listingchange_move", args=[change.pk, "refuser"])

    without_reason = client.post(url, {"text": ""})
    assert without_reason.status_code == 200  # the reason is required
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"text": "Le nom doit être celui de l'enseigne."})

    change.refresh_from_db()
    member_company.refresh_from_db()
    assert change.status == ListingChange.Status.REJECTED
    assert member_company.trade_name == "Menuiserie Girard"
    assert "Le nom doit être celui de l'enseigne." in mail.outbox[-1].body
    client.force_login(owner_of(member_company))
    assert "Le nom doit être celui de l'enseigne." in page_text(client.get(reverse("directory:edit")))


def test_a_second_request_replaces_the_pending_one(member_company):
    owner = owner_of(member_company)
    services.listing_change_request(company=member_company, acting_user=owner, trade_name="Nom A")
    services.listing_change_request(company=member_company, acting_user=owner, trade_name="Nom B")

    assert list(ListingChange.objects.values_list("trade_name", "status")) == [("Nom B", "pending")]


def test_the_member_cancels_a_pending_change(owner_client, member_company):
    change = services.listing_change_request(
        company=member_company, acting_user=owner_of(member_company), trade_name="Nom A"
    )

    owner_client.post(reverse("directory:change_cancel", args=[change.pk]))

    change.refresh_from_db()
    assert change.status == ListingChange.Status.CANCELLED


def test_another_companys_change_answers_404(owner_client):
    other = listed_company("Scierie Prost")
    change = services.listing_change_request(company=other, acting_user=owner_of(other), trade_name="Autre")

    response = owner_client.post(reverse("directory:change_cancel", args=[change.pk]))

    assert response.status_code == 404
    change.refresh_from_db()
    assert change.status == ListingChange.Status.PENDING


def test_cancelling_needs_a_post(owner_client, member_company):
    change = services.listing_change_request(
        company=member_company, acting_user=owner_of(member_company), trade_name="Nom A"
    )

    assert owner_client.get(reverse("directory:change_cancel", args=[change.pk])).status_code == 405


def test_leaving_the_directory_is_the_members_choice(owner_client, member_company, client):
    owner_client.post(reverse("directory:edit"), form_data(member_company, is_listed=None))

    assert not listing_of(member_company).is_listed
    assert client.get(Listing.objects.get(company=member_company).get_absolute_url()).status_code == 404


def test_a_former_member_has_no_listing_to_edit(owner_client, member_company):
    Company.objects.filter(pk=member_company.pk).update(status=Company.Status.RESIGNED)

    response = owner_client.get(reverse("directory:edit"))

    assert "n'a pas de fiche" in page_text(response)
    assert owner_client.get(reverse("members:space")).content.decode().count("Fiche dans l'annuaire") == 0


def test_the_space_card_says_the_listing_is_public_and_a_change_waits_for_staff(owner_client, member_company):
    services.listing_change_request(
        company=member_company, acting_user=owner_of(member_company), trade_name="Nom A"
    )

    text = page_text(owner_client.get(reverse("members:space")))

    assert "Une modification de votre fiche attend la validation de l'équipe." in text
    assert "Votre entreprise figure dans l'annuaire public." in text
