"""Reporting a need: any signed-in account, a form that speaks French and keeps what was typed; the
author follows what becomes of the need."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Need
from reference.models import FormerCommune
from tests.factories.projects import dole, poligny, project
from tests.factories.reference import sector

pytestmark = pytest.mark.django_db

URL = reverse("projects:need_report")


def report(client, **fields):
    data = {
        "title": "Les bouteilles partent à la refonte",
        "description": "Dix millions de bouteilles par an, jetées puis refondues à 200 km.",
        "commune": "",
        "affected": "Viticulteurs, cavistes, habitants",
        "evidence": "70 % consommées dans le Jura",
        **fields,
    }
    return client.post(URL, data)


def test_somebody_not_signed_in_is_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_citizen_reports_a_need_in_a_commune_typed_as_people_type_it(
    client, verified_user, django_capture_on_commit_callbacks
):
    place = dole()
    glass = sector("Verrerie")
    client.force_login(verified_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = report(client, commune="  DOLE ", trades=[glass.pk])

    assert response.status_code == 302 and response["Location"] == reverse("projects:my_needs")
    need = Need.objects.get()
    assert (need.author, need.commune, need.epci, need.status) == (
        verified_user,
        place,
        place.epci,
        "reported",
    )
    assert list(need.trades.all()) == [glass]
    assert len(mail.outbox) == 1  # the author is told the need was received


def test_a_former_commune_stands_for_its_current_one(client, verified_user):
    place = dole()
    FormerCommune.objects.create(insee_code="39999", name="Goux", kind="delegated", commune=place)
    client.force_login(verified_user)

    report(client, commune="Goux")

    assert Need.objects.get().commune == place


def test_an_intercommunality_alone_is_enough(client, verified_user):
    place = poligny()
    client.force_login(verified_user)

    report(client, epci=place.epci.slug)

    assert Need.objects.get().epci == place.epci


def test_the_form_says_in_french_what_is_missing_and_keeps_what_was_typed(client, verified_user):
    dole()
    client.force_login(verified_user)

    response = report(client, title="", commune="Atlantis")
    page = re.sub(r"\s+", " ", response.content.decode())

    assert response.status_code == 400
    assert "Ce champ est obligatoire." in page
    assert "« Atlantis » n&#x27;est pas une commune du Jura" in page
    assert 'value="Atlantis"' in page
    assert "Viticulteurs, cavistes, habitants" in page
    assert not Need.objects.exists()


def test_a_need_without_a_place_is_refused(client, verified_user):
    client.force_login(verified_user)

    page = report(client).content.decode()

    assert "Indiquez où se situe le besoin : une commune ou une intercommunalité." in page
    assert not Need.objects.exists()


def test_a_commune_outside_the_intercommunality_chosen_is_refused(client, verified_user):
    here, there = dole(), poligny()
    client.force_login(verified_user)

    page = report(client, commune="Dole", epci=there.epci.slug).content.decode()

    assert "Dole fait partie de" in page and here.epci.name.replace("'", "&#x27;") in page
    assert not Need.objects.exists()


def test_an_evidence_file_must_be_a_pdf(client, verified_user):
    dole()
    client.force_login(verified_user)

    page = report(
        client,
        commune="Dole",
        evidence_document=SimpleUploadedFile("chiffres.pdf", b"pas un pdf", "application/pdf"),
    ).content.decode()

    assert "Ce fichier n&#x27;est pas un PDF." in page
    assert not Need.objects.exists()


def test_the_author_reads_the_status_of_each_need_the_reason_if_closed_and_the_project_it_became(
    client, verified_user
):
    place = dole()
    became = project("Réemploi des bouteilles")
    common = {"author": verified_user, "description": "…", "commune": place, "epci": place.epci}
    Need.objects.create(title="Besoin en examen", **common)
    Need.objects.create(
        title="Besoin clos",
        status="closed",
        closing_reason="Déjà couvert par la recyclerie de Dole.",
        **common,
    )
    Need.objects.create(
        title="Besoin retenu",
        status="qualified",
        in_territory=True,
        collective_interest=True,
        not_already_covered=True,
        project=became,
        **common,
    )
    Need.objects.create(title="Le besoin de quelqu'un d'autre", description="…", commune=place)
    client.force_login(verified_user)

    page = re.sub(r"\s+", " ", client.get(reverse("projects:my_needs")).content.decode())

    assert "Besoin en examen" in page and "en cours d'examen" in page
    assert "Déjà couvert par la recyclerie de Dole." in page
    assert f'<a href="{became.get_absolute_url()}">Réemploi des bouteilles</a>' in page
    assert "Le besoin de quelqu" not in page


def test_my_needs_reads_in_a_constant_number_of_queries(client, verified_user, django_assert_max_num_queries):
    place = dole()
    for n in range(20):
        Need.objects.create(
            author=verified_user, title=f"Besoin {n}", description="…", commune=place, epci=place.epci
        )
    client.force_login(verified_user)

    with django_assert_max_num_queries(6):
        assert client.get(reverse("projects:my_needs")).status_code == 200


def test_an_account_reporting_needs_in_a_burst_is_stopped_at_the_rate_limit(client, verified_user, settings):
    settings.PROJECT_NEED_REPORT_RATE = "2/h"
    dole()
    client.force_login(verified_user)

    answers = [report(client, title=f"Besoin numéro {n}", commune="Dole").status_code for n in range(3)]

    assert answers == [302, 302, 429]
    assert Need.objects.filter(author=verified_user).count() == 2
