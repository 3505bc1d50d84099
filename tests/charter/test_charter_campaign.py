"""The re-signing campaign: publication emails, reminders at D-14 and D-3, suspension at the deadline."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from charter.models import CampaignReminder
from charter.services import charter_publish
from members.models import Company
from tests.factories.charter import CharterVersionFactory, SignatureFactory
from tests.factories.members import CompanyFactory, owner_of

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
PUBLICATION = datetime(2027, 3, 1, 9, 0, tzinfo=PARIS)
DEADLINE = date(2027, 4, 1)


def at(day: date, hour: int = 6) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=PARIS)


def run_campaign() -> str:
    from io import StringIO

    out = StringIO()
    call_command("charter_campaign", stdout=out)
    return out.getvalue()


def subjects_to(email: str) -> list[str]:
    return [message.subject for message in mail.outbox if email in message.to]


@pytest.fixture
def traveller():
    with time_machine.travel(PUBLICATION, tick=False) as traveller:
        yield traveller


@pytest.fixture
def campaign(traveller, staff, django_capture_on_commit_callbacks):
    """v1 signed by everyone, v2 published on 1 March 2027 with a deadline on 1 April."""
    v1 = CharterVersionFactory(number=1, published_at=PUBLICATION - timedelta(days=400))
    companies = {
        "signer": CompanyFactory(legal_name="Signe Vite SARL"),
        "late": CompanyFactory(legal_name="Retardataire SAS"),
        "silent": CompanyFactory(legal_name="Silencieuse EURL"),
    }
    for company in companies.values():
        SignatureFactory(company=company, version=v1)
    companies["applicant"] = CompanyFactory(legal_name="Candidate SAS", status=Company.Status.APPLICANT)
    companies["resigned"] = CompanyFactory(legal_name="Partie SARL", status=Company.Status.RESIGNED)
    v2 = CharterVersionFactory(number=2, published_at=None, title="Charte révisée")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        charter_publish(version=v2, acting_user=staff, signing_deadline=DEADLINE)
    return v2, companies


def test_publishing_a_version_emails_every_active_member_and_nobody_else(campaign):
    _version, companies = campaign

    for key in ("signer", "late", "silent"):
        assert subjects_to(owner_of(companies[key]).email) == [
            "[Made in Jura] Nouvelle version de la charte : merci de la signer au plus tard le 1 avril 2027"
        ]
    for key in ("applicant", "resigned"):
        assert subjects_to(owner_of(companies[key]).email) == []
    assert f"{reverse('charter:sign')}" in mail.outbox[0].body


def test_reminders_go_out_at_d14_and_d3_once_to_each_member_that_has_not_signed(
    campaign, traveller, client, django_capture_on_commit_callbacks
):
    version, companies = campaign
    client.force_login(owner_of(companies["signer"]))
    traveller.move_to(at(date(2027, 3, 5), 14))
    client.post(reverse("charter:sign"), {"version": 2, "commitment": "on", "full_name": "Louise Signe"})
    mail.outbox.clear()

    traveller.move_to(at(date(2027, 3, 17)))  # D-15: too early
    with django_capture_on_commit_callbacks(execute=True):
        output = run_campaign()
    assert mail.outbox == []
    assert "0 relance(s)" in output

    traveller.move_to(at(DEADLINE - timedelta(days=14)))
    with django_capture_on_commit_callbacks(execute=True):
        output = run_campaign()
        run_campaign()  # the job ran twice that day: nothing more
    assert "2 relance(s) envoyée(s)" in output
    for key in ("late", "silent"):
        assert len(subjects_to(owner_of(companies[key]).email)) == 1
    assert subjects_to(owner_of(companies["signer"]).email) == []
    assert len(mail.outbox) == 2

    traveller.move_to(at(DEADLINE - timedelta(days=13)))
    with django_capture_on_commit_callbacks(execute=True):
        run_campaign()
    assert len(mail.outbox) == 2

    traveller.move_to(at(DEADLINE - timedelta(days=3)))
    with django_capture_on_commit_callbacks(execute=True):
        run_campaign()
        run_campaign()
    for key in ("late", "silent"):
        subjects = subjects_to(owner_of(companies[key]).email)
        assert len(subjects) == 2
        assert subjects[-1] == "[Made in Jura] Rappel : la charte est à signer au plus tard le 1 avril 2027"
    assert "Il reste 3 jours" in mail.outbox[-1].body
    assert len(mail.outbox) == 4
    assert CampaignReminder.objects.filter(version=version).count() == 4


def test_a_member_who_signs_between_the_reminders_gets_no_second_one(
    campaign, traveller, django_capture_on_commit_callbacks
):
    version, companies = campaign
    traveller.move_to(at(DEADLINE - timedelta(days=14)))
    with django_capture_on_commit_callbacks(execute=True):
        run_campaign()
    SignatureFactory(company=companies["late"], version=version)
    mail.outbox.clear()

    traveller.move_to(at(DEADLINE - timedelta(days=3)))
    with django_capture_on_commit_callbacks(execute=True):
        run_campaign()

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(owner_of(companies[key]).email for key in ("signer", "silent"))


def test_after_the_deadline_unsigned_members_are_suspended_and_signing_lifts_it(
    campaign, traveller, client, django_capture_on_commit_callbacks
):
    version, companies = campaign
    SignatureFactory(company=companies["signer"], version=version)

    traveller.move_to(at(DEADLINE))  # the deadline day itself: still time to sign
    run_campaign()
    assert Company.objects.filter(status=Company.Status.SUSPENDED).count() == 0

    traveller.move_to(at(DEADLINE + timedelta(days=1)))
    with django_capture_on_commit_callbacks(execute=True):
        output = run_campaign()
        run_campaign()
    for company in companies.values():
        company.refresh_from_db()
    assert "2 entreprise(s) suspendue(s)" in output
    for key in ("late", "silent"):
        assert companies[key].status == Company.Status.SUSPENDED
        assert companies[key].suspended_for_charter is True
    assert companies["signer"].status == Company.Status.ACTIVE
    assert companies["applicant"].status == Company.Status.APPLICANT
    assert companies["resigned"].status == Company.Status.RESIGNED

    client.force_login(owner_of(companies["late"]))
    client.post(reverse("charter:sign"), {"version": 2, "commitment": "on", "full_name": "Léa Retard"})
    companies["late"].refresh_from_db()
    assert companies["late"].status == Company.Status.ACTIVE
    assert companies["late"].suspended_for_charter is False


def test_the_command_says_when_there_is_no_campaign(db):
    assert "Aucune campagne de signature en cours" in run_campaign()
