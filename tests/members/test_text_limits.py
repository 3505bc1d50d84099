"""Every text of an application has one length limit, declared on the model, held by forms and services."""

import pytest
from django.urls import reverse

from members import services
from members.errors import MembershipError
from members.models import Application, Company
from tests.factories.members import COMMITMENTS

Step = Application.Step
HUGE = "Comté " * 200_000  # the 1,000,000-character description that used to be stored


def test_a_million_character_description_is_refused_in_french_and_not_stored(
    applicant_client, draft, sectors
):
    response = applicant_client.post(
        reverse("members:apply_step", args=[Step.ACTIVITY]),
        {"sectors": [sectors[0].pk], "description": HUGE, "products": "Comté", "continue": ""},
    )

    assert response.status_code in (200, 400)
    assert "au plus 3000 caractères" in response.content.decode()
    draft.company.refresh_from_db()
    assert len(draft.company.description) < 3000
    assert 'maxlength="3000"' in response.content.decode()  # the browser stops typing at the limit too


def test_a_too_long_commitment_is_refused(applicant_client, draft):
    response = applicant_client.post(
        reverse("members:apply_step", args=[Step.COMMITMENTS]),
        {**COMMITMENTS, "ethics_employees": "x" * 3001, "continue": ""},
    )

    assert "au plus 3000 caractères" in response.content.decode()
    draft.refresh_from_db()
    assert draft.ethics_employees == ""


def test_the_service_holds_the_limit_whatever_the_caller(draft):
    with pytest.raises(
        MembershipError, match="Présentation : Ce texte est trop long : 3000 caractères au plus"
    ):
        services.application_update(
            application=draft,
            acting_user=draft.applicant,
            step=Step.ACTIVITY,
            company_fields={"description": HUGE},
        )
    assert Company.objects.get(pk=draft.company_id).description == ""


def test_each_application_text_declares_its_limit():
    texts = [
        field
        for model in (Application, Company)
        for field in model._meta.get_fields()
        if field.get_internal_type() == "TextField"
    ]
    assert texts
    for field in texts:
        assert field.max_length, f"{field.model.__name__}.{field.name} has no length limit"
        assert any(getattr(v, "limit_value", None) == field.max_length for v in field.validators), field.name
