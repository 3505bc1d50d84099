"""A new charter version never empties the directory: during its re-signing campaign the signers of the
previous version stay listed and licensed; the day after its deadline only its signers are."""

import re
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.dispatch import receiver
from django.urls import reverse

from charter import services as charter
from charter.models import CharterVersion
from directory.models import Listing
from licensing.models import LogoLicense
from members import services as members
from members.errors import MembershipError
from members.models import Application, Company
from members.signals import company_status_changed
from tests.factories.charter import CharterVersionFactory, publish_charter
from tests.factories.directory import listed_company
from tests.factories.licensing import licence_of
from tests.factories.members import (
    draft_application,
    in_review_application,
    owner_of,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
PUBLICATION = datetime(2027, 3, 1, 9, 0, tzinfo=PARIS)
DEADLINE = date(2027, 4, 1)


def at(day: date, hour: int = 6) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=PARIS)


def listed_total(client) -> int:
    """The count the directory shows a visitor (the page may come from the public page store)."""
    found = re.search(r"(\d+) entreprises?\b", page_text(client.get(reverse("directory:list"))))
    return int(found.group(1)) if found else 0


def verify_text(client, licence: LogoLicense) -> str:
    return page_text(client.get(reverse("licensing:verify", args=[licence.code])))


def sign(company: Company, version: CharterVersion) -> None:
    charter.charter_sign(
        company=company,
        version=version,
        acting_user=owner_of(company),
        full_name="Camille Vuillet",
        ip_address="203.0.113.7",
        user_agent="test",
    )


def daily_jobs() -> str:
    out = StringIO()
    call_command("charter_campaign", stdout=out)
    call_command("directory_reindex", "--public-only", stdout=out)
    return out.getvalue()


@pytest.fixture
def traveller():
    with time_machine.travel(PUBLICATION, tick=False) as traveller:
        yield traveller


@pytest.fixture
def twenty_members(traveller):
    CharterVersionFactory(number=1, published_at=PUBLICATION - timedelta(days=400))
    companies = [listed_company(f"Atelier {n:02d}") for n in range(20)]
    licences = {company.pk: licence_of(company) for company in companies}
    return companies, licences


def test_publishing_a_new_version_keeps_every_member_listed_and_licensed_until_the_deadline(
    client, staff, traveller, twenty_members
):
    companies, licences = twenty_members
    assert listed_total(client) == 20

    version = CharterVersionFactory(number=2, published_at=None)
    charter.charter_publish(version=version, acting_user=staff, signing_deadline=DEADLINE)

    assert Listing.objects.listed().count() == 20
    assert listed_total(client) == 20
    assert "Licence valide" in verify_text(client, licences[companies[0].pk])

    for company in companies[:5]:
        sign(company, version)

    traveller.move_to(at(DEADLINE))  # the deadline day: the last day to sign, nobody leaves
    daily_jobs()
    assert listed_total(client) == 20
    assert "Licence valide" in verify_text(client, licences[companies[19].pk])

    traveller.move_to(at(DEADLINE + timedelta(days=1)))
    output = daily_jobs()
    assert "15 entreprise(s) suspendue(s)" in output
    assert {listing.company_id for listing in Listing.objects.listed()} == {c.pk for c in companies[:5]}
    assert listed_total(client) == 5
    assert "Licence valide" in verify_text(client, licences[companies[0].pk])
    assert "Cette licence est suspendue" in verify_text(client, licences[companies[19].pk])

    sign(companies[19], version)  # signing lifts the suspension: back at once
    assert listed_total(client) == 6
    assert "Licence valide" in verify_text(client, licences[companies[19].pk])


def test_the_directory_alone_follows_the_deadline_even_before_the_campaign_job_runs(
    client, staff, traveller, twenty_members
):
    companies, _licences = twenty_members
    version = CharterVersionFactory(number=2, published_at=None)
    charter.charter_publish(version=version, acting_user=staff, signing_deadline=DEADLINE)
    sign(companies[0], version)

    traveller.move_to(at(DEADLINE + timedelta(days=1), hour=0))
    call_command("directory_reindex", "--public-only", stdout=StringIO())
    assert listed_total(client) == 1


def test_the_member_space_the_emails_and_the_publication_page_say_the_same(
    client, staff, traveller, django_capture_on_commit_callbacks
):
    CharterVersionFactory(number=1, published_at=PUBLICATION - timedelta(days=400))
    company = listed_company("Fromagerie Jeunet")
    version = CharterVersionFactory(number=2, published_at=None)

    client.force_login(staff)
    page = client.get(reverse("admin:charter_charterversion_publish", args=[version.pk]))
    assert "Jusqu'à la date limite incluse, les adhérents qui ont signé la version précédente restent" in (
        page.content.decode().replace("&#x27;", "'")
    )

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        charter.charter_publish(version=version, acting_user=staff, signing_deadline=DEADLINE)
    body = mail.outbox[0].body
    assert "au plus tard le 1 avril 2027" in mail.outbox[0].subject
    assert "Jusqu'à cette date incluse, Fromagerie Jeunet reste dans l'annuaire" in body
    assert "suspendue dès le lendemain" in body

    client.force_login(owner_of(company))
    text = page_text(client.get(reverse("members:space")))
    assert "Signez-la au plus tard le 1 avril 2027" in text
    assert "votre entreprise reste dans l'annuaire et sa licence du logo reste valable" in text
    assert "Votre entreprise figure dans l'annuaire public." in text


def test_a_pending_applicant_who_signed_an_older_version_is_emailed_and_signs_from_the_space(
    client, staff, traveller, django_capture_on_commit_callbacks
):
    publish_charter(staff, 1)
    in_review = in_review_application(reviewer=staff, legal_name="Lunettes de Morez")
    draft = draft_application(legal_name="Jouets de Moirans", steps=())  # signed nothing yet: not concerned
    version = CharterVersion.objects.create(number=2, title="Charte v2", body="Texte v2")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        charter.charter_publish(version=version, acting_user=staff, signing_deadline=DEADLINE)
    applicant = in_review.applicant
    to_applicant = [message for message in mail.outbox if applicant.email in message.to]
    assert [message.subject for message in to_applicant] == [
        "[Made in Jura] Nouvelle version de la charte : signez-la pour que votre demande puisse être acceptée"
    ]
    assert not [message for message in mail.outbox if draft.applicant.email in message.to]

    # Staff see it on the review page, and acceptance waits for the signature.
    client.force_login(staff)
    review = client.get(reverse("admin:members_application_change", args=[in_review.pk]))
    assert "Signature périmée" in review.content.decode()
    members.application_update_checklist(
        application=in_review, acting_user=staff, location=True, quality=True, ethics=True, notes=""
    )
    with pytest.raises(MembershipError, match="version 2"):
        members.application_accept(application=in_review, acting_user=staff)

    # The applicant signs from /espace/ although the file is locked under review.
    client.force_login(applicant)
    space = page_text(client.get(reverse("members:space")))
    assert "Une nouvelle version a été publiée pendant que votre demande est en cours" in space
    response = client.post(
        reverse("charter:sign"),
        {"version": 2, "commitment": "on", "full_name": "Julien Grandclément"},
    )
    assert response.status_code == 302
    assert in_review.company.signatures.filter(version=version).exists()

    company = members.application_accept(application=in_review, acting_user=staff)
    assert company.status == Company.Status.ACTIVE


def test_the_charter_step_of_a_file_under_review_takes_the_new_signature(client, staff, traveller):
    publish_charter(staff, 1)
    application = in_review_application(reviewer=staff)
    version = publish_charter(staff, 2)
    client.force_login(application.applicant)

    step = reverse("members:apply_step", args=[Application.Step.CHARTER])
    assert "signez-la ici" in page_text(client.get(step))
    client.post(step, {"accept": "on", "full_name": "Camille Martin"})

    assert application.company.signatures.filter(version=version).exists()
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW


def test_the_campaign_job_skips_a_company_whose_status_changes_under_it(staff, traveller):
    CharterVersionFactory(number=1, published_at=PUBLICATION - timedelta(days=400))
    companies = [listed_company(f"Atelier {n}") for n in range(4)]
    version = CharterVersionFactory(number=2, published_at=None)
    charter.charter_publish(version=version, acting_user=staff, signing_deadline=DEADLINE)
    traveller.move_to(at(DEADLINE + timedelta(days=1)))

    # While the job suspends the first company, another one resigns (a member clicking in its space).
    leaving = companies[2]

    @receiver(company_status_changed, weak=False)
    def resign_meanwhile(sender, company, **kwargs):
        if company.pk == companies[0].pk and company.status == Company.Status.SUSPENDED:
            Company.objects.filter(pk=leaving.pk).update(status=Company.Status.RESIGNED)

    try:
        output = StringIO()
        call_command("charter_campaign", stdout=output)
    finally:
        company_status_changed.disconnect(resign_meanwhile)

    statuses = dict(Company.objects.filter(pk__in=[c.pk for c in companies]).values_list("pk", "status"))
    assert statuses[leaving.pk] == Company.Status.RESIGNED
    assert [statuses[c.pk] for c in (companies[0], companies[1], companies[3])] == [
        Company.Status.SUSPENDED
    ] * 3
    assert "3 entreprise(s) suspendue(s)" in output.getvalue()
    assert "1 entreprise(s) laissée(s) de côté" in output.getvalue()
