"""RGPD: a person downloads their data, asks for erasure; staff carry it out; retention purges."""

import io
import json
import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from charter.models import Signature
from core.uploads import clean_logo
from events.models import Registration
from jura_portal.models import AuditEntry
from members import privacy
from members.models import Application, ApplicationDocument, Company, CompanyRole, ErasureRequest, User
from tests.factories.charter import current_charter, sign_current
from tests.factories.dues import issued_invoice
from tests.factories.events import EventFactory
from tests.factories.members import CompanyFactory, UserFactory, owner_of

pytestmark = pytest.mark.django_db


def png() -> ContentFile:
    buffer = BytesIO()
    Image.new("RGB", (32, 32), "red").save(buffer, format="PNG")
    return clean_logo(ContentFile(buffer.getvalue(), name="logo.png"))


@pytest.fixture
def member_company():
    company = CompanyFactory(legal_name="Fromagerie Vermot SARL", phone="03 84 00 00 00")
    company.logo.save("logo.png", png())
    owner = owner_of(company)
    owner.first_name, owner.last_name = "Claire", "Vermot"
    owner.save()
    Application.objects.create(
        company=company, applicant=owner, status=Application.Status.ACCEPTED, ethics_employees="Formation."
    )
    sign_current(company)
    issued_invoice(company, year=2027)
    return company


def registration(event, *, name: str, email: str, user=None, **fields) -> Registration:
    return Registration.objects.create(
        event=event, user=user, name=name, email=email, status=Registration.Status.CONFIRMED, **fields
    )


# --- Export ----------------------------------------------------------------------------------------


def test_a_member_downloads_a_zip_of_their_data_and_files(client, member_company):
    owner = owner_of(member_company)
    registration(EventFactory(), name="Claire Vermot", email=owner.email.upper(), user=None)
    client.force_login(owner)

    assert reverse("members:my_data") in client.get(reverse("members:space")).content.decode()
    response = client.get(reverse("members:my_data_download"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("donnees.json"))
    assert data["compte"]["email"] == owner.email
    assert "password" not in data["compte"]
    assert data["entreprise"]["legal_name"] == "Fromagerie Vermot SARL"
    assert data["demandes_adhesion"][0]["ethics_employees"] == "Formation."
    assert data["signatures_charte"][0]["full_name"] == "Camille Vuillet"
    assert data["inscriptions_evenements"][0]["name"] == "Claire Vermot"
    assert data["factures"][0]["numero"].startswith("MIJ-2027-")
    assert data["entreprise"]["logo_fichier"] in archive.namelist()
    assert archive.read(data["entreprise"]["logo_fichier"]).startswith(b"\x89PNG")


def test_a_representative_does_not_get_the_company_file(client, member_company):
    colleague = UserFactory()
    CompanyRole.objects.create(company=member_company, user=colleague, role=CompanyRole.Role.REPRESENTATIVE)
    client.force_login(colleague)

    data = json.loads(
        zipfile.ZipFile(io.BytesIO(client.get(reverse("members:my_data_download")).content)).read(
            "donnees.json"
        )
    )

    assert data["compte"]["email"] == colleague.email
    assert "entreprise" not in data and "factures" not in data
    assert data["role"]["role"] == "representative"


def test_the_download_needs_a_signed_in_person(client):
    response = client.get(reverse("members:my_data_download"))
    assert response.status_code == 302 and "/compte/" in response["Location"]


# --- Erasure ---------------------------------------------------------------------------------------


def test_a_person_asks_for_erasure_from_their_space_and_staff_carry_it_out(
    client, member_company, staff, django_capture_on_commit_callbacks
):
    owner = owner_of(member_company)
    email = owner.email
    event = EventFactory()
    registration(event, name="Claire Vermot", email=email, user=owner)
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:erasure_request"), {"confirm": "on", "message": "Merci"})
    assert response.status_code == 302
    erasure = ErasureRequest.objects.get(user=owner)
    assert erasure.status == ErasureRequest.Status.REQUESTED
    assert [message.to for message in mail.outbox] == [[staff.email]]  # staff told: a month to answer
    assert email not in mail.outbox[0].body
    assert "en cours de traitement" in client.get(reverse("members:my_data")).content.decode()

    client.force_login(staff)
    response = client.post(
        reverse("admin:members_erasurerequest_changelist"),
        {"action": "carry_out", "_selected_action": [erasure.pk]},
    )
    assert response.status_code == 302

    erasure.refresh_from_db()
    owner.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.DONE
    assert owner.email != email and owner.email.endswith(".invalid")
    assert (owner.first_name, owner.last_name) == ("", "")
    assert not owner.is_active and not owner.has_usable_password()
    assert not EmailAddress.objects.filter(email__iexact=email).exists()
    assert not Registration.objects.filter(email__iexact=email).exists()
    assert Registration.objects.get(event=event).name == privacy.ERASED_NAME  # still counted
    assert not AuditEntry.objects.filter(target_repr__icontains=email).exists()
    # What the law keeps: the member company, its invoice and its charter signature.
    assert Company.objects.filter(pk=member_company.pk).exists()
    assert member_company.invoices.count() == 1
    assert Signature.objects.filter(company=member_company).exists()
    assert not CompanyRole.objects.filter(user=owner).exists()
    assert not client.login(email=email, password="Jura-mot-de-passe-42")


def test_erasing_an_applicant_deletes_their_applicant_file_and_its_files(
    member_company, staff, django_capture_on_commit_callbacks
):
    applicant = CompanyFactory(status=Company.Status.APPLICANT, member_number=None)
    applicant.logo.save("logo.png", png())
    person = owner_of(applicant)
    application = Application.objects.create(company=applicant, applicant=person)
    document = ApplicationDocument.objects.create(
        application=application, title="Kbis", size=3, file=ContentFile(b"%PDF", name="kbis.pdf")
    )
    files = [(default_storage, applicant.logo.name), (document.file.storage, document.file.name)]
    erasure = privacy.erasure_request_create(user=person, acting_user=staff)

    with django_capture_on_commit_callbacks(execute=True):
        privacy.erasure_request_carry_out(request=erasure, acting_user=staff)

    assert not Company.objects.filter(pk=applicant.pk).exists()
    assert not Application.objects.filter(pk=application.pk).exists()
    assert User.objects.filter(pk=person.pk, is_active=False).exists()
    assert not any(storage.exists(name) for storage, name in files)


def test_deleting_a_user_in_the_admin_opens_an_erasure_request_instead_of_crashing(
    client, member_company, staff
):
    owner = owner_of(member_company)
    client.force_login(staff)

    response = client.get(reverse("admin:members_user_delete", args=[owner.pk]))

    erasure = ErasureRequest.objects.get(user=owner)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:members_erasurerequest_change", args=[erasure.pk])
    assert User.objects.filter(pk=owner.pk, is_active=True).exists()  # nothing erased yet
    changelist = client.get(reverse("admin:members_user_changelist"))
    assert "delete_selected" not in changelist.content.decode()


def test_staff_without_the_erasure_permission_cannot_erase(client, member_company):
    clerk = UserFactory(is_staff=True)
    group, _ = Group.objects.get_or_create(name="Accueil")
    group.permissions.add(Permission.objects.get(codename="view_erasurerequest"))
    clerk.groups.add(group)
    erasure = privacy.erasure_request_create(
        user=owner_of(member_company), acting_user=owner_of(member_company)
    )
    client.force_login(clerk)

    client.post(
        reverse("admin:members_erasurerequest_changelist"),
        {"action": "carry_out", "_selected_action": [erasure.pk]},
    )

    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.REQUESTED


# --- Retention purges ------------------------------------------------------------------------------


def test_privacy_purge_applies_the_periods_of_the_privacy_page(member_company):
    now = timezone.now()
    old_unverified = UserFactory()
    User.objects.filter(pk=old_unverified.pk).update(date_joined=now - timedelta(days=31))
    fresh_unverified = UserFactory()
    inactive = UserFactory()
    EmailAddress.objects.create(user=inactive, email=inactive.email, verified=True)
    User.objects.filter(pk=inactive.pk).update(last_login=now - timedelta(days=3 * 365 + 1))

    abandoned = CompanyFactory(status=Company.Status.APPLICANT, member_number=None)
    draft = Application.objects.create(company=abandoned, applicant=owner_of(abandoned))
    Application.objects.filter(pk=draft.pk).update(updated_at=now - timedelta(days=366))
    recent = CompanyFactory(status=Company.Status.APPLICANT, member_number=None)
    Application.objects.create(company=recent, applicant=owner_of(recent))

    old_event = EventFactory(starts_at=now - timedelta(days=3 * 365 + 10))
    registration(old_event, name="Invité ancien", email="ancien@exemple.fr", is_guest=True)
    new_event = EventFactory()
    registration(new_event, name="Invité récent", email="recent@exemple.fr", is_guest=True)
    unconfirmed = Registration.objects.create(
        event=new_event,
        name="Jamais confirmé",
        email="x@exemple.fr",
        is_guest=True,
        status="pending_confirmation",
    )
    Registration.objects.filter(pk=unconfirmed.pk).update(created_at=now - timedelta(days=31))

    out = io.StringIO()
    call_command("privacy_purge", stdout=out)

    assert not User.objects.filter(pk=old_unverified.pk).exists()
    assert User.objects.filter(pk=fresh_unverified.pk).exists()
    assert not User.objects.get(pk=inactive.pk).is_active
    assert not Company.objects.filter(pk=abandoned.pk).exists()
    assert Company.objects.filter(pk=recent.pk).exists()
    assert Company.objects.filter(pk=member_company.pk).exists()  # members are never purged
    assert Registration.objects.get(event=old_event).name == privacy.ERASED_NAME
    assert Registration.objects.get(event=new_event, name="Invité récent")
    assert not Registration.objects.filter(pk=unconfirmed.pk).exists()
    assert "compte(s) jamais confirmé(s) supprimé(s)" in out.getvalue()

    again = io.StringIO()
    call_command("privacy_purge", stdout=again)  # a second run finds nothing more
    assert again.getvalue().startswith("0 compte(s)")
    assert current_charter()  # the charter version is untouched by any purge


def test_the_person_is_told_once_the_erasure_is_done_at_the_address_they_had(
    member_company, staff, django_capture_on_commit_callbacks
):
    owner = owner_of(member_company)
    email = owner.email
    erasure = privacy.erasure_request_create(user=owner, acting_user=owner)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        privacy.erasure_request_carry_out(request=erasure, acting_user=staff)

    assert [message.to for message in mail.outbox] == [[email]]
    assert "vos données personnelles ont été effacées" in mail.outbox[0].body


def test_staff_refuse_a_request_with_a_reason_the_person_receives(
    client, member_company, staff, django_capture_on_commit_callbacks
):
    owner = owner_of(member_company)
    erasure = privacy.erasure_request_create(user=owner, acting_user=staff)
    client.force_login(staff)

    response = client.post(
        reverse("admin:members_erasurerequest_changelist"),
        {"action": "refuse", "_selected_action": [erasure.pk]},
    )
    assert response["Location"] == reverse("admin:members_erasurerequest_refuse", args=[erasure.pk])
    assert "Motif, envoyé à la personne" in client.get(response["Location"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"reason": "Nous n'avons pas pu vérifier votre identité."})

    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.REFUSED
    assert User.objects.get(pk=owner.pk).is_active  # nothing erased
    assert mail.outbox[-1].to == [owner.email]
    assert "pas pu vérifier votre identité" in mail.outbox[-1].body


def test_erasure_leaves_the_persons_name_and_address_in_no_audit_details(member_company, staff):
    """The trail keeps that a representative was added, removed or renamed, not who they were."""
    from members import lifecycle, services

    colleague = UserFactory(email="julien.prost@example.test")
    colleague = services.user_set_name(user=colleague, first_name="Julien", last_name="Prost")
    role = lifecycle.company_add_representative(company=member_company, user=colleague, acting_user=staff)
    lifecycle.company_remove_representative(role=role, acting_user=staff)
    named = AuditEntry.objects.annotate(text=Cast("details", TextField()))
    assert named.filter(text__icontains="Julien Prost").count() == 3
    assert named.filter(text__icontains="julien.prost@example.test").count() == 2

    privacy.user_erase(user=colleague, acting_user=staff)

    assert not named.filter(text__icontains="Julien Prost").exists()
    assert not named.filter(text__icontains="julien.prost@example.test").exists()
    removed = AuditEntry.objects.get(action="company.representative_removed")
    assert removed.details == {"email": privacy.erased_email(colleague.pk), "name": privacy.ERASED_NAME}


def test_erasure_leaves_the_person_in_no_sent_email_ended_task_nor_stored_page(member_company, staff):
    import json as json_module

    from django.db import connection

    from jura_portal.models import CachedPage, SentEmail

    person = UserFactory(email="julien.prost@example.test", first_name="Julien", last_name="Prost")
    SentEmail.objects.create(key="a", to="julien.prost@example.test, other@example.test", subject="Bienvenue")
    SentEmail.objects.create(key="b", to="other@example.test", subject="Bienvenue")
    args = {
        "path": "jura_portal.emails.deliver",
        "kwargs": {"to": ["julien.prost@example.test"], "body": "…"},
    }
    with connection.cursor() as cursor:
        for status in ("succeeded", "failed", "todo"):
            cursor.execute(
                "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status)"
                " VALUES ('default', 'portal.run_task', %s::jsonb, %s)",
                [json_module.dumps(args), status],
            )
    now = timezone.now()
    stored = {"version": 1, "fresh_until": now, "rendered_at": now, "etag": "x", "content_type": "text/html"}
    CachedPage.objects.create(key="old", path="/", body="<p>Julien Prost, gérant</p>", **stored)
    CachedPage.objects.create(key="other", path="/annuaire/", body="<p>Annuaire</p>", **stored)

    privacy.user_erase(user=person, acting_user=staff)

    assert SentEmail.objects.get(key="a").to == f"{privacy.erased_email(person.pk)}, other@example.test"
    assert SentEmail.objects.get(key="b").to == "other@example.test"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status FROM procrastinate_jobs WHERE args::text LIKE '%%julien.prost@example.test%%'"
        )
        assert [row[0] for row in cursor.fetchall()] == ["todo"]  # a task under way is left to run
    assert list(CachedPage.objects.values_list("key", flat=True)) == ["other"]


def test_privacy_purge_deletes_the_stored_copies_of_public_pages_nobody_is_served_any_more(client):
    """A copy rendered before a member hid their phone is never served again, and not kept either."""
    from jura_portal import pagecache
    from jura_portal.models import CachedPage

    client.get(reverse("home"))
    CachedPage.objects.update(body="<p>03 84 00 00 00</p>")  # what the home page showed then
    pagecache.bump()
    client.get(reverse("directory:list"))  # rendered under the new version: served, kept

    call_command("privacy_purge", stdout=io.StringIO())

    assert list(CachedPage.objects.values_list("path", flat=True)) == [reverse("directory:list")]


def test_erasing_a_members_owner_hands_the_company_to_its_colleague_who_can_then_act_for_it(
    client, member_company, staff
):
    colleague = UserFactory(email="paul@fromagerie.test", first_name="Paul", last_name="Vermot")
    CompanyRole.objects.create(company=member_company, user=colleague, role=CompanyRole.Role.REPRESENTATIVE)

    privacy.user_erase(user=owner_of(member_company), acting_user=staff)

    assert CompanyRole.objects.get(company=member_company).user == colleague
    assert CompanyRole.objects.get(company=member_company).role == CompanyRole.Role.OWNER
    assert AuditEntry.objects.filter(action="company.owner_handed_over").exists()
    client.force_login(colleague)
    assert client.get(reverse("members:resign")).status_code == 200  # no longer "only the owner"
