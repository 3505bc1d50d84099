"""The applicant's journey step by step: each step saves, and the draft is found again."""

import pytest
from django.urls import reverse

from members.models import Application, Company
from tests.factories.members import COMMITMENTS, IDENTITY, UserFactory

Step = Application.Step


def step_url(number: int) -> str:
    return reverse("members:apply_step", args=[number])


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("members:apply"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_start_page_explains_membership_and_shows_the_first_step(verified_client):
    response = verified_client.get(reverse("members:apply"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Adhérer à Made in Jura" in content
    assert "SIRET" in content and "Kbis" in content
    assert 'name="legal_name"' in content


def test_the_first_step_opens_a_draft_and_goes_on_to_the_location(verified_client, verified_user):
    response = verified_client.post(reverse("members:apply"), {**IDENTITY, "continue": ""})
    assert response.status_code == 302
    assert response["Location"] == step_url(Step.LOCATION)
    application = Application.objects.get(applicant=verified_user)
    assert application.status == Application.Status.DRAFT
    assert application.completed_steps == [Step.IDENTITY]
    company = application.company
    assert company.legal_name == IDENTITY["legal_name"]
    assert company.naf_code == "10.51C"
    assert company.year_founded == 1987
    assert company.phone == "03 84 60 12 34"
    assert company.roles.get().user == verified_user


def test_saving_a_draft_stays_on_the_same_step(verified_client):
    response = verified_client.post(reverse("members:apply"), {**IDENTITY, "draft": ""})
    assert response["Location"] == step_url(Step.IDENTITY)
    response = verified_client.get(response["Location"])
    assert "Brouillon enregistré" not in response.content.decode()  # the first save says it opened the file
    assert "est ouverte : elle est enregistrée en brouillon" in response.content.decode()


def test_coming_back_to_adhesion_leads_to_the_first_unfinished_step(applicant_client, draft):
    response = applicant_client.get(reverse("members:apply"))
    assert response["Location"] == step_url(Step.LOCATION)


def test_a_complete_draft_leads_to_the_review(applicant_client, complete_draft):
    response = applicant_client.get(reverse("members:apply"))
    assert response["Location"] == step_url(Step.REVIEW)


def test_the_identity_step_shows_what_was_saved_and_saves_changes(applicant_client, draft):
    response = applicant_client.get(step_url(Step.IDENTITY))
    assert IDENTITY["legal_name"] in response.content.decode()
    response = applicant_client.post(
        step_url(Step.IDENTITY), {**IDENTITY, "trade_name": "Le Grandvaux", "draft": ""}
    )
    assert response["Location"] == step_url(Step.IDENTITY)
    draft.company.refresh_from_db()
    assert draft.company.trade_name == "Le Grandvaux"


def test_the_location_step_saves_the_commune_and_shows_its_intercommunality(applicant_client, draft, lons):
    data = {"address": "12 rue du Commerce", "postal_code": "39000", "commune": "Lons-le-Saunier (39000)"}
    response = applicant_client.post(step_url(Step.LOCATION), {**data, "continue": ""})
    assert response["Location"] == step_url(Step.ACTIVITY)
    draft.refresh_from_db()
    assert draft.company.commune == lons
    assert Step.LOCATION in draft.completed_steps
    content = applicant_client.get(step_url(Step.LOCATION)).content.decode()
    assert 'value="Lons-le-Saunier (39000)"' in content
    assert "CA ECLA" in content


def test_the_activity_step_saves_sectors_and_texts(applicant_client, draft, sectors):
    data = {
        "sectors": [sectors[0].pk, sectors[2].pk],
        "description": "Une fromagerie de village.",
        "products": "Comté AOP, morbier.",
        "quality_evidence": "Médaille d'or au concours général agricole.",
    }
    response = applicant_client.post(step_url(Step.ACTIVITY), {**data, "continue": ""})
    assert response["Location"] == step_url(Step.COMMITMENTS)
    draft.refresh_from_db()
    assert set(draft.company.sectors.all()) == {sectors[0], sectors[2]}
    assert draft.company.quality_evidence.startswith("Médaille")
    content = applicant_client.get(step_url(Step.ACTIVITY)).content.decode()
    assert "Une fromagerie de village." in content


def test_the_activity_step_asks_for_at_least_one_sector(applicant_client, draft, sectors):
    response = applicant_client.post(
        step_url(Step.ACTIVITY), {"description": "Fromagerie", "products": "Comté", "continue": ""}
    )
    assert response.status_code == 200
    assert "Choisissez au moins un métier." in response.content.decode()
    assert "Fromagerie" in response.content.decode()  # what was typed stays


def test_the_commitments_step_saves_the_answers(applicant_client, draft):
    response = applicant_client.post(step_url(Step.COMMITMENTS), {**COMMITMENTS, "continue": ""})
    assert response["Location"] == step_url(Step.CHARTER)
    draft.refresh_from_db()
    assert draft.ethics_suppliers == COMMITMENTS["ethics_suppliers"]
    assert draft.no_relocation is True
    assert Step.COMMITMENTS in draft.completed_steps


def test_short_commitments_are_refused_with_a_helpful_message_and_kept(applicant_client, draft):
    response = applicant_client.post(
        step_url(Step.COMMITMENTS), {**COMMITMENTS, "ethics_customers": "Bien.", "continue": ""}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Un peu plus, s&#x27;il vous plaît" in content
    assert "Bien.</textarea>" in content
    draft.refresh_from_db()
    assert draft.ethics_customers == ""


def test_a_half_written_draft_of_the_commitments_is_kept_and_the_step_stays_to_do(applicant_client, draft):
    response = applicant_client.post(
        step_url(Step.COMMITMENTS), {"ethics_employees": "Nous formons", "draft": ""}
    )

    assert response["Location"] == step_url(Step.COMMITMENTS)
    draft.refresh_from_db()
    assert draft.ethics_employees == "Nous formons"
    assert Step.COMMITMENTS not in draft.completed_steps
    page = applicant_client.get(step_url(Step.COMMITMENTS)).content.decode()
    assert "Nous formons</textarea>" in page


def test_a_draft_still_refuses_a_malformed_file(applicant_client, draft, sectors):
    from django.core.files.uploadedfile import SimpleUploadedFile

    svg = SimpleUploadedFile(
        "logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/png"
    )
    response = applicant_client.post(step_url(Step.ACTIVITY), {"logo": svg, "draft": ""})

    assert response.status_code == 200
    draft.refresh_from_db()
    assert not draft.company.logo


def test_the_charter_step_signs_with_the_proof(applicant_client, draft, charter_version, applicant):
    content = applicant_client.get(step_url(Step.CHARTER)).content.decode()
    assert "Ne pas délocaliser notre production." in content
    response = applicant_client.post(
        step_url(Step.CHARTER),
        {"accept": "on", "full_name": "Claire Jeunet", "continue": ""},
        REMOTE_ADDR="198.51.100.7",
        HTTP_USER_AGENT="Firefox mobile",
    )
    assert response["Location"] == step_url(Step.REVIEW)
    signature = draft.company.signatures.get()
    assert signature.version == charter_version
    assert signature.text_sha256 == charter_version.text_sha256
    assert signature.signer == applicant
    assert signature.ip_address == "198.51.100.7"
    assert signature.user_agent == "Firefox mobile"
    draft.refresh_from_db()
    assert Step.CHARTER in draft.completed_steps
    content = applicant_client.get(step_url(Step.CHARTER)).content.decode()
    assert reverse("charter:receipt", args=[signature.pk]) in content


def test_behind_the_proxy_the_application_signature_keeps_the_client_not_the_proxy(
    applicant_client, draft, charter_version, settings
):
    settings.TRUSTED_PROXY_COUNT = 1

    applicant_client.post(
        step_url(Step.CHARTER),
        {"accept": "on", "full_name": "Claire Jeunet", "continue": ""},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7",
    )

    assert draft.company.signatures.get().ip_address == "198.51.100.7"


def test_the_charter_is_not_signed_without_ticking_the_commitment(applicant_client, draft, charter_version):
    response = applicant_client.post(step_url(Step.CHARTER), {"full_name": "Claire Jeunet", "continue": ""})
    assert response.status_code == 200
    assert "Cochez la case" in response.content.decode()
    assert not draft.company.signatures.exists()


def test_without_a_published_charter_the_step_says_so_and_does_not_block(applicant_client, draft):
    content = applicant_client.get(step_url(Step.CHARTER)).content.decode()
    assert "Aucune version de la charte" in content
    response = applicant_client.post(step_url(Step.CHARTER), {"continue": ""})
    assert response["Location"] == step_url(Step.REVIEW)
    draft.refresh_from_db()
    assert Step.CHARTER in draft.completed_steps


def test_the_step_indicator_marks_the_current_step_and_the_done_ones(applicant_client, draft):
    content = applicant_client.get(step_url(Step.LOCATION)).content.decode()
    assert content.count('aria-current="step"') == 1
    assert 'Identité<span class="visually-hidden"> — étape remplie' in content
    assert 'Implantation<span class="visually-hidden"> — à remplir' in content


def test_steps_can_be_visited_in_any_order(applicant_client, draft):
    assert applicant_client.get(step_url(Step.COMMITMENTS)).status_code == 200
    assert applicant_client.get(step_url(Step.REVIEW)).status_code == 200


def test_an_unknown_step_is_not_found(applicant_client, draft):
    assert applicant_client.get(step_url(9)).status_code == 404


def test_the_steps_without_an_application_lead_back_to_the_start(verified_client):
    response = verified_client.get(step_url(Step.LOCATION))
    assert response["Location"] == reverse("members:apply")


def test_a_submitted_application_is_read_only_and_says_why(applicant_client, complete_draft, applicant):
    from members import services

    services.application_submit(application=complete_draft, acting_user=applicant)
    response = applicant_client.get(step_url(Step.IDENTITY))
    content = response.content.decode()
    assert "Lecture seule." in content
    assert "<fieldset disabled>" in content
    assert "Enregistrer et continuer" not in content

    response = applicant_client.post(
        step_url(Step.IDENTITY), {**IDENTITY, "trade_name": "Autre", "continue": ""}
    )
    assert response.status_code == 302
    complete_draft.company.refresh_from_db()
    assert complete_draft.company.trade_name == IDENTITY["trade_name"]


def test_a_member_company_is_told_it_already_belongs_and_pointed_to_its_space(applicant_client, draft):
    Company.objects.filter(pk=draft.company_id).update(status=Company.Status.ACTIVE)
    Application.objects.filter(pk=draft.pk).update(status=Application.Status.ACCEPTED)
    response = applicant_client.get(reverse("members:apply"))
    content = response.content.decode()
    assert "déjà adhérente" in content
    assert reverse("members:space") in content


@pytest.mark.parametrize("step", [s.value for s in Step])
def test_each_step_page_needs_a_constant_number_of_queries(
    applicant_client, complete_draft, step, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = applicant_client.get(step_url(step))
    assert response.status_code == 200


def test_another_user_cannot_see_or_change_someone_elses_application(client, draft, lons, password):
    other = UserFactory()
    client.force_login(other)
    response = client.get(step_url(Step.IDENTITY))
    assert response["Location"] == reverse("members:apply")
    response = client.post(
        step_url(Step.LOCATION), {"address": "1 rue X", "postal_code": "39000", "commune": "Lons-le-Saunier"}
    )
    assert response["Location"] == reverse("members:apply")
    draft.company.refresh_from_db()
    assert draft.company.address == ""
    content = client.get(reverse("members:apply")).content.decode()
    assert IDENTITY["legal_name"] not in content
