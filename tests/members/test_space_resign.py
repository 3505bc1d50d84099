"""Resigning from /espace/demission/: the owner of a member company, after a clear warning."""

import pytest
from django.urls import reverse

from jura_portal import audit
from members import lifecycle
from members.models import Company
from tests.factories.members import (
    accepted_company,
    person,
    submitted_application,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return person(first_name="Camille", last_name="Martin")


@pytest.fixture
def company(owner, staff):
    return accepted_company(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")


def test_the_page_explains_the_consequences(client, owner, company):
    client.force_login(owner)

    response = client.get(reverse("members:resign"))
    text = page_text(response)

    assert response.status_code == 200
    assert "disparaît de l'annuaire" in text
    assert "licence d'utilisation du logo prend fin" in text
    assert "Je confirme la démission" in text


def test_resigning_needs_the_confirmation_box_and_keeps_the_reason(client, owner, company):
    client.force_login(owner)

    response = client.post(reverse("members:resign"), {"reason": "Départ à la retraite"})

    assert response.status_code == 200
    assert "Cochez la case pour confirmer la démission." in page_text(response)
    assert "Départ à la retraite" in response.content.decode()
    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE


def test_the_owner_resigns_and_the_space_says_so(client, owner, company, django_capture_on_commit_callbacks):
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:resign"), {"reason": "Départ à la retraite", "confirm": "on"}, follow=True
        )

    company.refresh_from_db()
    assert company.status == Company.Status.RESIGNED
    entry = audit.history(company).get(action="company.resigned")
    assert entry.actor == owner
    assert entry.comment == "Départ à la retraite"
    text = page_text(response)
    assert "La démission de Fromagerie du Revermont est enregistrée." in text
    assert "Démissionnaire" in text
    assert "Démission du réseau enregistrée" in text
    assert "Adhérer à nouveau" in text


def test_a_company_that_is_not_a_member_is_told_there_is_nothing_to_resign(client, owner):
    submitted_application(applicant=owner, legal_name="Fromagerie du Revermont")
    client.force_login(owner)

    shown = client.get(reverse("members:resign"))
    posted = client.post(reverse("members:resign"), {"confirm": "on"})

    assert "n'est pas adhérente" in page_text(shown)
    assert posted.status_code == 200
    assert Company.objects.get().status == Company.Status.APPLICANT
    assert not audit.history(Company.objects.get()).filter(action="company.resigned").exists()


def test_a_suspended_member_can_resign_too(client, owner, company, staff):
    lifecycle.company_suspend(company=company, acting_user=staff, reason="Contrôle")
    client.force_login(owner)

    client.post(reverse("members:resign"), {"confirm": "on"})

    company.refresh_from_db()
    assert company.status == Company.Status.RESIGNED


def test_a_representative_cannot_resign_for_the_company(client, company):
    colleague = person()
    lifecycle.company_add_representative(company=company, user=colleague, acting_user=colleague)
    client.force_login(colleague)

    shown = client.get(reverse("members:resign"))
    posted = client.post(reverse("members:resign"), {"confirm": "on"})

    assert shown.status_code == 403
    assert posted.status_code == 403
    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE


@pytest.mark.parametrize(
    ("years_ago", "days_ago", "farewell", "not_said"),
    [
        (0, 20, "Votre passage dans le réseau aura été court", "années"),
        (1, 30, "Merci pour cette année passée à nos côtés", "court"),
        (4, 0, "Merci pour ces 4 années passées à nos côtés", "court"),
        (12, 0, "Merci pour ces 12 années de fidélité", "court"),
    ],
)
def test_the_farewell_email_fits_how_long_the_company_was_a_member(
    owner, company, years_ago, days_ago, farewell, not_said, django_capture_on_commit_callbacks
):
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    import time_machine
    from django.core import mail

    since = date(2027 - years_ago, 6, 15) - timedelta(days=days_ago)
    Company.objects.filter(pk=company.pk).update(member_since=since)
    company.refresh_from_db()
    mail.outbox.clear()

    with (
        time_machine.travel(datetime(2027, 6, 15, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        lifecycle.company_resign(company=company, acting_user=owner)

    [message] = [m for m in mail.outbox if "démission" in m.subject.lower()]
    body = " ".join(message.body.split())
    assert farewell in body
    assert not_said not in body.split("enregistrée")[1].split("L'équipe")[0]
    html = message.alternatives[0][0]
    assert farewell.replace("'", "&#x27;") in html or farewell in html
