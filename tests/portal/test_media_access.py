"""/media/: a file is as private as what it shows; replaced and refused files are deleted."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import clean_logo
from directory import services as directory_services
from directory.models import Listing
from licensing import services as licensing_services
from licensing.models import ProductLabel
from members.models import Company
from offers.models import Offer
from tests.factories.directory import listed_company
from tests.factories.licensing import label_of, licence_of
from tests.factories.members import CompanyFactory, UserFactory, owner_of

pytestmark = pytest.mark.django_db


def png(color="red") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (64, 64), color).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def with_logo(company: Company, color="red") -> Company:
    company.logo.save("logo.png", clean_logo(png(color)))
    return company


@pytest.fixture
def listed():
    company = with_logo(listed_company("Fromagerie Vermot"))
    assert Listing.objects.get(company=company).is_public
    return company


@pytest.fixture
def stranger_client(client):
    """Signed in for another member company."""
    client.force_login(owner_of(CompanyFactory(legal_name="Scierie du Grandvaux SAS")))
    return client


def test_the_logo_of_a_listed_member_is_public_and_cacheable(client, listed, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # whose file (an index on the name), is it public
        response = client.get(listed.logo.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("public, max-age=")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_logo_waiting_for_review_is_seen_only_by_its_company_and_staff(client, listed, staff):
    change = directory_services.listing_change_request(
        company=listed, acting_user=owner_of(listed), logo=clean_logo(png("blue"))
    )
    url = change.logo.url

    assert client.get(url).status_code == 404  # anybody with the address
    client.force_login(owner_of(CompanyFactory(legal_name="Scierie du Grandvaux SAS")))
    assert client.get(url).status_code == 404  # another member
    client.force_login(owner_of(listed))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_the_logo_of_a_company_that_is_not_listed_is_private(client, listed):
    Listing.objects.filter(company=listed).update(is_listed=False)
    directory_services.listing_refresh_public(company=listed)

    assert client.get(listed.logo.url).status_code == 404
    client.force_login(owner_of(listed))
    assert client.get(listed.logo.url)["Cache-Control"] == "private, no-store"


def test_an_applicants_logo_is_private(client):
    applicant = with_logo(CompanyFactory(status=Company.Status.APPLICANT, member_number=None))

    assert client.get(applicant.logo.url).status_code == 404
    client.force_login(owner_of(applicant))
    assert client.get(applicant.logo.url).status_code == 200


def test_a_label_photo_is_public_once_approved_only(client, listed, staff):
    licence_of(listed)
    requested = label_of(listed, ProductLabel.Status.REQUESTED, name="Morbier")
    approved = label_of(listed, ProductLabel.Status.APPROVED, staff=staff)

    assert client.get(requested.photo.url).status_code == 404
    response = client.get(approved.photo.url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    client.force_login(owner_of(listed))
    assert client.get(requested.photo.url)["Cache-Control"] == "private, no-store"


def test_an_offer_photo_is_for_members_only(client, stranger_client, listed):
    offer = Offer.objects.create(
        company=listed,
        title="Coffret de Noël",
        description="Comté, morbier.",
        valid_until="2099-12-31",
    )
    offer.photo.save("photo.png", clean_logo(png()))

    client.logout()
    assert client.get(offer.photo.url).status_code == 404
    client.force_login(owner_of(CompanyFactory(legal_name="Scierie SAS")))
    response = client.get(offer.photo.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(UserFactory())  # an account without a member company
    assert client.get(offer.photo.url).status_code == 404


def test_unknown_names_and_other_folders_answer_404(client, listed):
    default_storage.save("elsewhere/secret.txt", BytesIO(b"secret"))

    assert client.get("/media/elsewhere/secret.txt").status_code == 404
    assert client.get("/media/logos/0123456789abcdef.png").status_code == 404
    assert client.get("/media/logos/../elsewhere/secret.txt").status_code == 404


def test_an_approved_logo_replaces_and_deletes_the_old_one(listed, staff, django_capture_on_commit_callbacks):
    old = listed.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        change = directory_services.listing_change_request(
            company=listed, acting_user=owner_of(listed), logo=clean_logo(png("blue"))
        )
        directory_services.listing_change_approve(change=change, acting_user=staff)

    listed.refresh_from_db()
    assert listed.logo.name == change.logo.name
    assert default_storage.exists(listed.logo.name)
    assert not default_storage.exists(old)


def test_a_refused_or_cancelled_logo_is_deleted(listed, staff, django_capture_on_commit_callbacks):
    owner = owner_of(listed)
    with django_capture_on_commit_callbacks(execute=True):
        first = directory_services.listing_change_request(
            company=listed, acting_user=owner, logo=clean_logo(png("blue"))
        )
    first_name = first.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        second = directory_services.listing_change_request(
            company=listed, acting_user=owner, logo=clean_logo(png("green"))
        )
    assert not default_storage.exists(first_name)  # proposed again: the first proposal is gone
    second_name = second.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        directory_services.listing_change_reject(change=second, acting_user=staff, reason="Logo flou")

    assert not default_storage.exists(second_name)
    assert default_storage.exists(listed.logo.name)  # the live logo stays


def test_a_refused_label_photo_is_deleted(listed, staff, django_capture_on_commit_callbacks):
    label = label_of(listed, ProductLabel.Status.REQUESTED)
    name = label.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        licensing_services.label_reject(label=label, acting_user=staff, reason="Photo floue")

    assert not default_storage.exists(name)
    label.refresh_from_db()
    assert label.status == ProductLabel.Status.REJECTED and not label.photo


def test_a_logo_replaced_in_the_application_is_deleted(client, django_capture_on_commit_callbacks):
    from members import services as members_services

    applicant = with_logo(CompanyFactory(status=Company.Status.APPLICANT, member_number=None))
    application = applicant.applications.create(applicant=owner_of(applicant))
    old = applicant.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        members_services.application_update(
            application=application,
            acting_user=owner_of(applicant),
            step=3,
            company_fields={"logo": clean_logo(png("blue"))},
        )

    applicant.refresh_from_db()
    assert default_storage.exists(applicant.logo.name)
    assert not default_storage.exists(old)
