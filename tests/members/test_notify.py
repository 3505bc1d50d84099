"""members.notify.email_company: how every app writes to a company (its owner, then its representatives)."""

import pytest
from django.core import mail

from members.models import CompanyRole
from members.notify import email_company
from tests.factories.members import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_owner_and_the_representatives_receive_the_email_owner_first(django_capture_on_commit_callbacks):
    company = CompanyFactory(owner=UserFactory(email="patronne@fromagerie.test"))
    CompanyRole.objects.create(
        company=company,
        user=UserFactory(email="adjoint@fromagerie.test"),
        role=CompanyRole.Role.REPRESENTATIVE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert email_company(company, "company_reactivated") is True
    [message] = mail.outbox
    assert message.to == ["patronne@fromagerie.test", "adjoint@fromagerie.test"]
    assert company.legal_name in message.body


def test_a_company_nobody_acts_for_gets_no_email(django_capture_on_commit_callbacks):
    company = CompanyFactory()
    company.roles.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert email_company(company, "company_reactivated") is False
    assert mail.outbox == []
