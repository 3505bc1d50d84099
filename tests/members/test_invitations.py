"""Inviting a colleague as a representative: a signed link by email, expiring, for one address."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from jura_portal import audit
from members import invitations, lifecycle
from members.models import CompanyRole
from tests.factories.members import (
    accepted_company,
    draft_application,
    person,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/espace/invitation/\S+/")


@pytest.fixture
def owner():
    return person(first_name="Camille", last_name="Martin")


@pytest.fixture
def company(owner, staff):
    return accepted_company(reviewer=staff, applicant=owner, legal_name="Fromagerie du Revermont")


@pytest.fixture
def colleague():
    return person(first_name="Lou", last_name="Girard", email="lou.girard@fromagerie.fr")


def invite(client, email: str, capture):
    with capture(execute=True):
        return client.post(
            reverse("members:representatives"), {"first_name": "Lou", "last_name": "Girard", "email": email}
        )


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_the_owner_invites_a_colleague_who_receives_a_link(
    client, owner, company, colleague, settings, django_capture_on_commit_callbacks
):
    client.force_login(owner)

    response = invite(client, "Lou.Girard@fromagerie.fr", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response.url == reverse("members:representatives")
    [message] = mail.outbox
    assert message.to == ["lou.girard@fromagerie.fr"]
    assert "Camille Martin vous invite à représenter Fromagerie du Revermont" in message.subject
    assert f"valable {settings.INVITATION_MAX_AGE_DAYS} jours" in message.body
    link = LINK.search(message.body).group(0)
    assert link.startswith(settings.SITE_URL)
    assert audit.history(company).filter(action="company.representative_invited").exists()


def test_the_invited_colleague_accepts_with_the_right_account(
    client, owner, company, colleague, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    invite(client, colleague.email, django_capture_on_commit_callbacks)
    link = path_of(LINK.search(mail.outbox[0].body).group(0))
    client.force_login(colleague)

    confirm = client.get(link)
    assert confirm.status_code == 200
    assert "Camille Martin vous invite à représenter Fromagerie du Revermont" in page_text(confirm)
    assert not CompanyRole.objects.filter(user=colleague).exists()  # opening the link changes nothing

    response = client.post(link)

    assert response.status_code == 302
    assert response.url == reverse("members:space")
    role = CompanyRole.objects.get(user=colleague)
    assert role.company == company
    assert role.role == CompanyRole.Role.REPRESENTATIVE
    assert audit.history(company).filter(action="company.representative_added", actor=colleague).exists()
    assert "Fromagerie du Revermont" in client.get(reverse("members:space")).content.decode()


def test_an_anonymous_visitor_is_asked_to_log_in_and_comes_back_to_the_invitation(
    client, owner, company, colleague, password
):
    token = invitations.make_token(company=company, email=colleague.email, inviter=owner)
    link = reverse("members:invitation_accept", args=[token])

    response = client.get(link)
    html = response.content.decode()

    assert response.status_code == 200
    assert colleague.email in html
    assert f'href="{reverse("account_login")}?next=' in html
    assert f'href="{reverse("account_signup")}?next=' in html
    logged_in = client.post(
        reverse("account_login"), {"login": colleague.email, "password": password, "next": link}
    )
    assert logged_in.status_code == 302
    assert logged_in.url == link


def test_an_invitation_is_refused_to_an_account_with_another_address(client, owner, company):
    token = invitations.make_token(company=company, email="lou.girard@fromagerie.fr", inviter=owner)
    link = reverse("members:invitation_accept", args=[token])
    somebody_else = person(email="dominique@ailleurs.fr")
    client.force_login(somebody_else)

    shown = client.get(link)
    posted = client.post(link)

    assert shown.status_code == 403
    text = page_text(shown)
    assert "Cette invitation est destinée à un autre compte" in text
    assert "lou.girard@fromagerie.fr" in text and "dominique@ailleurs.fr" in text
    assert posted.status_code == 403
    assert not CompanyRole.objects.filter(user=somebody_else).exists()


def test_the_address_is_compared_without_regard_to_case(client, owner, company):
    colleague = person(email="lou@fromagerie.fr")
    token = invitations.make_token(company=company, email="LOU@Fromagerie.FR", inviter=owner)
    client.force_login(colleague)

    client.post(reverse("members:invitation_accept", args=[token]))

    assert CompanyRole.objects.filter(user=colleague, company=company).exists()


def test_an_expired_invitation_says_so_and_creates_nothing(client, owner, company, colleague, settings):
    token = invitations.make_token(company=company, email=colleague.email, inviter=owner)
    link = reverse("members:invitation_accept", args=[token])
    later = timezone.now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS, hours=1)

    with time_machine.travel(later):
        client.force_login(colleague)
        shown = client.get(link)
        posted = client.post(link)

    assert shown.status_code == 410
    assert "Ce lien d'invitation a expiré" in page_text(shown)
    assert posted.status_code == 410
    assert not CompanyRole.objects.filter(user=colleague).exists()


def test_an_invitation_is_still_good_on_its_last_day(client, owner, company, colleague, settings):
    token = invitations.make_token(company=company, email=colleague.email, inviter=owner)
    later = timezone.now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS) - timedelta(hours=1)

    with time_machine.travel(later):
        client.force_login(colleague)
        client.post(reverse("members:invitation_accept", args=[token]))

    assert CompanyRole.objects.filter(user=colleague, company=company).exists()


@pytest.mark.parametrize("tamper", ["flip_a_letter", "another_company", "truncated"])
def test_a_tampered_link_is_refused_and_creates_nothing(client, owner, company, colleague, staff, tamper):
    token = invitations.make_token(company=company, email=colleague.email, inviter=owner)
    if tamper == "flip_a_letter":
        position = len(token) // 3
        token = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]
    elif tamper == "another_company":
        _payload, _, stamp_and_signature = token.partition(":")
        other = invitations.make_token(
            company=accepted_company(reviewer=staff, legal_name="Fromagerie du Revermont"),
            email=colleague.email,
            inviter=owner,
        )
        token = other.partition(":")[0] + ":" + stamp_and_signature
    else:
        token = token[:-6]
    client.force_login(colleague)

    response = client.post(reverse("members:invitation_accept", args=[token]))

    assert response.status_code == 400
    assert "Ce lien d'invitation n'est pas valide" in page_text(response)
    assert not CompanyRole.objects.filter(user=colleague).exists()


def test_a_removed_representative_cannot_come_back_through_the_old_link(client, owner, company, colleague):
    token = invitations.make_token(company=company, email=colleague.email, inviter=owner)
    link = reverse("members:invitation_accept", args=[token])
    client.force_login(colleague)
    client.post(link)
    lifecycle.company_remove_representative(role=CompanyRole.objects.get(user=colleague), acting_user=owner)

    response = client.post(link)

    assert response.status_code == 410
    assert not CompanyRole.objects.filter(user=colleague).exists()
    fresh = invitations.make_token(company=company, email=colleague.email, inviter=owner)
    client.post(reverse("members:invitation_accept", args=[fresh]))
    assert CompanyRole.objects.filter(user=colleague, company=company).exists()


def test_someone_who_already_represents_another_company_is_told_so(client, owner, company, staff):
    other_owner = person()
    other = draft_application(applicant=other_owner, legal_name="Scierie des Rousses", steps=()).company
    token = invitations.make_token(company=company, email=other_owner.email, inviter=owner)
    client.force_login(other_owner)

    response = client.post(reverse("members:invitation_accept", args=[token]))

    assert response.status_code == 409
    assert "représente déjà l'entreprise Scierie des Rousses" in page_text(response)
    assert CompanyRole.objects.get(user=other_owner).company == other


def test_inviting_someone_who_already_represents_the_company_is_a_form_error(
    client, owner, company, django_capture_on_commit_callbacks
):
    client.force_login(owner)

    response = invite(client, owner.email.upper(), django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "Cette personne représente déjà votre entreprise." in response.content.decode()
    assert mail.outbox == []


def test_an_invalid_address_is_a_form_error_that_keeps_what_was_typed(
    client, owner, company, django_capture_on_commit_callbacks
):
    client.force_login(owner)

    response = invite(client, "lou.girard@", django_capture_on_commit_callbacks)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="lou.girard@"' in html
    assert "is-invalid" in html
    assert mail.outbox == []


def test_a_representative_cannot_invite(
    client, owner, company, colleague, django_capture_on_commit_callbacks
):
    lifecycle.company_add_representative(company=company, user=colleague, acting_user=colleague)
    client.force_login(colleague)

    page = client.get(reverse("members:representatives"))
    response = invite(client, "quelquun@exemple.fr", django_capture_on_commit_callbacks)

    assert "Inviter un collègue" not in page.content.decode()
    assert response.status_code == 403
    assert mail.outbox == []


def test_an_invitation_stops_working_when_its_author_is_no_longer_the_owner(client, company, colleague):
    stranger = person()
    token = invitations.make_token(company=company, email=colleague.email, inviter=stranger)
    client.force_login(colleague)

    response = client.post(reverse("members:invitation_accept", args=[token]))

    assert response.status_code == 410
    assert not CompanyRole.objects.filter(user=colleague).exists()


def test_a_company_that_sends_too_many_invitations_is_stopped_and_keeps_what_it_typed(
    client, owner, company, settings, django_capture_on_commit_callbacks
):
    settings.INVITATION_RATE = "2/d"
    client.force_login(owner)
    invite(client, "un@fromagerie.fr", django_capture_on_commit_callbacks)
    invite(client, "deux@fromagerie.fr", django_capture_on_commit_callbacks)

    response = invite(client, "trois@fromagerie.fr", django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "beaucoup d&#x27;invitations aujourd&#x27;hui" in response.content.decode()
    assert 'value="trois@fromagerie.fr"' in response.content.decode()
    assert [message.to for message in mail.outbox] == [["un@fromagerie.fr"], ["deux@fromagerie.fr"]]
