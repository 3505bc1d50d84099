"""Staff screens of the charter: versions, publication, who signed, read-only proof."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from charter.models import CharterVersion, Signature
from tests.factories.charter import CharterVersionFactory, SignatureFactory
from tests.factories.members import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def test_the_versions_list_costs_the_same_queries_whatever_the_number_of_versions_and_signatures(
    admin_client, django_assert_max_num_queries
):
    for number in range(1, 21):
        version = CharterVersionFactory(number=number)
    for _ in range(5):
        SignatureFactory(version=version)

    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("admin:charter_charterversion_changelist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Qui a signé ?" in page
    rows = {row.number: row for row in response.context["cl"].result_list}
    assert rows[20].signature_total == 5
    assert rows[20].current_number == 20


def test_the_signatures_list_costs_the_same_queries_whatever_their_number(
    admin_client, django_assert_max_num_queries
):
    version = CharterVersionFactory(number=1)
    for _ in range(15):
        SignatureFactory(version=version)

    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("admin:charter_signature_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 15


def test_the_reminders_list_costs_the_same_queries_whatever_their_number(
    admin_client, django_assert_max_num_queries
):
    from charter.models import CampaignReminder

    version = CharterVersionFactory(number=1)
    for _ in range(10):
        CampaignReminder.objects.create(version=version, company=CompanyFactory(), days_before=14)

    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("admin:charter_campaignreminder_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 10


def test_a_draft_version_is_published_with_a_deadline_through_the_action(
    admin_client, member_company, member, django_capture_on_commit_callbacks
):
    draft = CharterVersionFactory(number=1, published_at=None)

    response = admin_client.post(
        reverse("admin:charter_charterversion_changelist"),
        {"action": "publish_action", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    publish_url = reverse("admin:charter_charterversion_publish", args=[draft.pk])
    assert response["Location"] == publish_url

    page = admin_client.get(publish_url).content.decode()
    assert "1 entreprise adhérente active reçoit un courriel" in page

    deadline = timezone.localdate() + timedelta(days=45)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(publish_url, {"signing_deadline": deadline.isoformat()}, follow=True)

    draft.refresh_from_db()
    assert draft.is_published
    assert draft.signing_deadline == deadline
    assert CharterVersion.objects.current() == draft
    assert "Version 1 publiée" in response.content.decode()
    assert [message.to for message in mail.outbox] == [[member.email]]


def test_a_deadline_in_the_past_is_refused_and_nothing_is_published(admin_client):
    draft = CharterVersionFactory(number=1, published_at=None)

    response = admin_client.post(
        reverse("admin:charter_charterversion_publish", args=[draft.pk]),
        {"signing_deadline": timezone.localdate().isoformat()},
    )

    assert response.status_code == 200
    assert "La date limite de signature doit être dans le futur." in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_services_refusal_is_shown_as_an_error_message(admin_client):
    CharterVersionFactory(number=5)
    draft = CharterVersionFactory(number=3, published_at=None)

    response = admin_client.post(
        reverse("admin:charter_charterversion_publish", args=[draft.pk]),
        {"signing_deadline": (timezone.localdate() + timedelta(days=30)).isoformat()},
        follow=True,
    )

    assert "doit dépasser celui de la version en vigueur (v5)" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published


def test_publishing_needs_the_change_permission(client, staff):
    from members.models import User

    reader = User.objects.create_user(email="lecteur@madeinjura.test", password="x", is_staff=True)
    from django.contrib.auth.models import Permission

    reader.user_permissions.add(Permission.objects.get(codename="view_charterversion"))
    draft = CharterVersionFactory(number=1, published_at=None)
    client.force_login(reader)

    response = client.post(
        reverse("admin:charter_charterversion_publish", args=[draft.pk]),
        {"signing_deadline": (timezone.localdate() + timedelta(days=30)).isoformat()},
    )

    assert response.status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


def test_a_published_version_cannot_be_edited_nor_deleted(admin_client):
    version = CharterVersionFactory(number=1, body="Texte d'origine")
    change_url = reverse("admin:charter_charterversion_change", args=[version.pk])

    page = admin_client.get(change_url).content.decode()
    admin_client.post(change_url, {"number": 1, "title": "Autre", "body": "Texte réécrit", "changes": ""})
    delete = admin_client.post(
        reverse("admin:charter_charterversion_delete", args=[version.pk]), {"post": "yes"}
    )

    assert 'name="body"' not in page
    version.refresh_from_db()
    assert version.body == "Texte d'origine"
    assert delete.status_code == 403
    assert CharterVersion.objects.filter(pk=version.pk).exists()


def test_a_draft_version_can_be_edited(admin_client):
    draft = CharterVersionFactory(number=1, published_at=None)
    change_url = reverse("admin:charter_charterversion_change", args=[draft.pk])

    admin_client.post(change_url, {"number": 1, "title": "Titre revu", "body": "Texte revu", "changes": ""})

    draft.refresh_from_db()
    assert draft.body == "Texte revu"
    assert "Publier cette version" in admin_client.get(change_url).content.decode()


def test_signatures_are_read_only_proof(admin_client):
    signature = SignatureFactory(version=CharterVersionFactory(number=1))

    change = admin_client.post(
        reverse("admin:charter_signature_change", args=[signature.pk]), {"full_name": "Autre nom"}
    )
    delete = admin_client.post(
        reverse("admin:charter_signature_delete", args=[signature.pk]), {"post": "yes"}
    )

    assert admin_client.get(reverse("admin:charter_signature_add")).status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    signature.refresh_from_db()
    assert signature.full_name != "Autre nom"


def test_signatures_can_be_found_by_siret(admin_client):
    version = CharterVersionFactory(number=1)
    wanted = SignatureFactory(version=version)
    SignatureFactory(version=version)

    response = admin_client.get(reverse("admin:charter_signature_changelist"), {"q": wanted.company.siret})

    assert list(response.context["cl"].result_list) == [wanted]


def test_staff_see_who_signed_a_version_and_who_did_not_and_export_it(
    admin_client, django_assert_max_num_queries
):
    version = CharterVersionFactory(number=2)
    signed = SignatureFactory(version=version, full_name="Camille Vuillet").company
    unsigned = CompanyFactory(legal_name="=Pas encore SARL")
    CompanyFactory(legal_name="Candidate SAS", status="applicant")

    with django_assert_max_num_queries(10):
        page = admin_client.get(reverse("admin:charter_charterversion_signatories", args=[version.pk]))
    csv_response = admin_client.get(
        reverse("admin:charter_charterversion_signatories_csv", args=[version.pk])
    )

    assert [company for company, _ in page.context["signed"]] == [signed]
    assert page.context["unsigned"] == [unsigned]
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Numéro d'adhérent", "Raison sociale", "SIRET", "Statut", "Signée"]
    by_siret = {row[2]: row for row in rows[1:]}
    assert by_siret[signed.siret][4] == "oui"
    assert by_siret[signed.siret][6] == "Camille Vuillet"
    assert by_siret[unsigned.siret][4] == "non"
    assert by_siret[unsigned.siret][1] == "'=Pas encore SARL"  # never a spreadsheet formula
    assert len(rows) == 3


def test_the_signature_list_is_counted_per_version(admin_client):
    old, new = CharterVersionFactory(number=1), CharterVersionFactory(number=2)
    SignatureFactory(version=old)
    SignatureFactory(version=new)
    SignatureFactory(version=new)

    response = admin_client.get(reverse("admin:charter_signature_changelist"), {"version__id__exact": new.pk})

    assert response.context["cl"].result_count == 2
    assert Signature.objects.count() == 3
