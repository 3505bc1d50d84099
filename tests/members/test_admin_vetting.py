"""Staff vetting in the admin: the queue, the review page, the moves, and who may do them."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.groups import TREASURER, VETTING_COMMITTEE
from jura_portal.models import AuditEntry
from members import services
from members.models import Application
from reference.models import Commune, Epci
from tests.factories.members import (
    UserFactory,
    checked_application,
    draft_application,
    in_review_application,
    staff_in,
    submitted_application,
)
from tests.factories.reference import commune, sector

pytestmark = pytest.mark.django_db

QUEUE = "admin:members_application_changelist"


def review_url(application: Application) -> str:
    return reverse("admin:members_application_change", args=[application.pk])


def move_url(application: Application, move: str) -> str:
    return reverse("admin:members_application_move", args=[application.pk, move])


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def committee(client, vetting_staff):
    client.force_login(vetting_staff)
    return client


# --- The queue ----------------------------------------------------------------------------------------


def test_the_queue_shows_waiting_files_oldest_first_with_their_waiting_time(committee, vetting_staff):
    with time_machine.travel(dt.datetime(2027, 3, 3, 9, tzinfo=dt.UTC)):
        oldest = submitted_application(legal_name="Fromagerie du Grandvaux")
    with time_machine.travel(dt.datetime(2027, 3, 10, 9, tzinfo=dt.UTC)):
        reviewed = in_review_application(reviewer=vetting_staff, legal_name="Lunetterie de Morez")
    with time_machine.travel(dt.datetime(2027, 3, 14, 9, tzinfo=dt.UTC)):
        newest = submitted_application(legal_name="Boissellerie de Bois-d'Amont")
        draft = draft_application(legal_name="Tournerie en brouillon")

    with time_machine.travel(dt.datetime(2027, 3, 15, 9, tzinfo=dt.UTC)):
        committee.force_login(vetting_staff)  # a session opened months ago has expired
        response = committee.get(reverse(QUEUE))

    assert list(response.context["cl"].result_list) == [oldest, reviewed, newest, draft]
    assert "en attente depuis 12 jours" in response.text
    assert "en attente depuis 5 jours" in response.text
    assert "en attente depuis 1 jour<" in response.text
    assert "déposée" in response.text and "en cours d&#x27;examen" in response.text  # human labels
    assert "Lons-le-Saunier" in response.text
    assert "CA ECLA (Espace Communautaire Lons Agglomération)" in response.text


def test_the_queue_filters_by_status_intercommunality_sector_and_submission_date(committee, vetting_staff):
    haut_jura = Epci.objects.create(siren="200071629", name="Haut-Jura Saint-Claude", slug="hjsc")
    saint_claude = Commune.objects.create(
        insee_code="39478", name="Saint-Claude", slug="saint-claude", postal_codes=["39200"], epci=haut_jura
    )
    with time_machine.travel(dt.datetime(2026, 11, 5, 9, tzinfo=dt.UTC)):
        lons = submitted_application(legal_name="Menuiserie de Lons")
    with time_machine.travel(dt.datetime(2027, 2, 5, 9, tzinfo=dt.UTC)):
        pipes = in_review_application(
            reviewer=vetting_staff, legal_name="Pipes de Saint-Claude", commune=saint_claude
        )
    pipes.company.sectors.set([sector("Pipier")])

    def found(**params) -> list[Application]:
        return list(committee.get(reverse(QUEUE), params).context["cl"].result_list)

    assert found(status__exact="in_review") == [pipes]
    assert found(company__commune__epci__id__exact=haut_jura.pk) == [pipes]
    assert found(company__sectors__id__exact=sector("Menuiserie").pk) == [lons]
    assert found(submitted_at__year="2026") == [lons]
    assert found(submitted_at__year="2027", submitted_at__month="2") == [pipes]


@pytest.mark.parametrize(
    "search", ["fromagerie", "Comté", "GRANDVAUX", "Poligny", "{siret}", "{siret_spaced}"]
)
def test_the_queue_finds_a_file_by_name_siret_or_commune(committee, search):
    wanted = submitted_application(legal_name="Fromagerie du Grandvaux", commune=commune("Poligny"))
    services.application_withdraw(application=wanted, acting_user=wanted.applicant)
    wanted = services.application_start(
        siret=wanted.company.siret, legal_name="Fromagerie du Grandvaux", acting_user=wanted.applicant
    )
    services.application_update(
        application=wanted, acting_user=wanted.applicant, step=1, company_fields={"trade_name": "Comté d'or"}
    )
    submitted_application(legal_name="Lunetterie de Morez")
    siret = wanted.company.siret
    term = search.format(siret=siret, siret_spaced=f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}")

    response = committee.get(reverse(QUEUE), {"q": term})

    assert {application.company_id for application in response.context["cl"].result_list} == {
        wanted.company_id
    }


def test_the_queue_costs_the_same_number_of_queries_for_1_or_30_files(
    committee, vetting_staff, django_assert_max_num_queries
):
    submitted_application()
    with CaptureQueriesContext(connection) as one:
        committee.get(reverse(QUEUE))
    for n in range(29):
        application = in_review_application(reviewer=vetting_staff, legal_name=f"Entreprise {n}")
        application.company.sectors.add(sector(f"Métier {n}"))

    with django_assert_max_num_queries(len(one)):
        response = committee.get(reverse(QUEUE))

    assert response.context["cl"].result_count == 30
    assert len(one) <= 15, len(one)


# --- The review page ------------------------------------------------------------------------------------


def test_the_review_page_shows_everything_the_applicant_gave(committee):
    application = submitted_application(with_document=True)
    company = application.company
    signature = company.signatures.get()

    response = committee.get(review_url(application))

    page = response.text
    for shown in (
        company.legal_name,
        company.siret,
        "SARL",
        "1 à 9 salariés",
        "12 rue du Commerce",
        "Lons-le-Saunier",
        "Menuiserie",
        "Escaliers et agencements en épicéa du Jura.",
        "Label Bois des Alpes",
        "Formation de deux apprentis par an.",
        "Bois des forêts du Haut-Jura.",
        "Certificat Bois des Alpes",
        signature.full_name,
        signature.text_sha256,
        "192.0.2.10",
        "conforme au texte de la version",
        "Demande déposée",  # the audit history
        "en attente depuis aujourd&#x27;hui",
    ):
        assert shown in page, shown
    assert company.logo.url in page
    document = application.documents.get()
    assert reverse("admin:members_application_document", args=[application.pk, document.pk]) in page


def test_the_review_page_shows_the_request_for_information_and_the_reply(committee, vetting_staff):
    application = in_review_application(reviewer=vetting_staff)
    services.application_request_info(
        application=application, acting_user=vetting_staff, message="Votre Kbis ?"
    )
    services.application_submit(application=application, acting_user=application.applicant, reply="Le voici.")

    response = committee.get(review_url(application))

    assert "Votre Kbis ?" in response.text
    assert "Le voici." in response.text


def test_the_status_and_the_file_are_never_editable_on_the_review_page(committee, vetting_staff):
    application = in_review_application(reviewer=vetting_staff)

    response = committee.get(review_url(application))
    committee.post(
        review_url(application),
        {"status": "accepted", "checked_location": "on", "staff_notes": "", "ethics_employees": "Changé"},
    )

    form = response.context["adminform"].form
    assert set(form.fields) == {"checked_location", "checked_quality", "checked_ethics", "staff_notes"}
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    assert application.ethics_employees == "Formation de deux apprentis par an."
    assert application.checked_location is True


def test_the_checklist_is_saved_through_its_service_and_audited(committee, vetting_staff):
    application = in_review_application(reviewer=vetting_staff)

    response = committee.post(
        review_url(application),
        {
            "checked_location": "on",
            "checked_quality": "on",
            "staff_notes": "Atelier visité le 3 mars.",
            "_continue": "1",
        },
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.checked_location, application.checked_quality, application.checked_ethics) == (
        True,
        True,
        False,
    )
    assert application.staff_notes == "Atelier visité le 3 mars."
    entry = AuditEntry.objects.get(action="application.checklist")
    assert (entry.actor, entry.details) == (
        vetting_staff,
        {"location": True, "quality": True, "ethics": False},
    )


def test_the_checklist_is_read_only_outside_the_review(committee):
    application = submitted_application()

    response = committee.get(review_url(application))
    committee.post(review_url(application), {"checked_location": "on", "staff_notes": "Trop tôt"})

    assert response.context["adminform"].form.fields == {}
    application.refresh_from_db()
    assert (application.checked_location, application.staff_notes) == (False, "")


# --- Documents ------------------------------------------------------------------------------------------


def test_staff_allowed_to_see_applications_download_a_document(committee):
    application = submitted_application(with_document=True)
    document = application.documents.get()

    response = committee.get(
        reverse("admin:members_application_document", args=[application.pk, document.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_document_is_not_served_to_the_applicant_nor_to_a_treasurer(client, treasurer):
    application = submitted_application(with_document=True)
    url = reverse("admin:members_application_document", args=[application.pk, application.documents.get().pk])

    client.force_login(treasurer)
    assert client.get(url).status_code == 403
    client.force_login(application.applicant)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_document_is_found_only_under_its_own_application(committee):
    first = submitted_application(with_document=True)
    second = submitted_application(legal_name="Lunetterie de Morez")

    url = reverse("admin:members_application_document", args=[second.pk, first.documents.get().pk])

    assert committee.get(url).status_code == 404


# --- The moves, from the review page ----------------------------------------------------------------------


def test_a_committee_member_takes_a_file_in_review_from_its_page(committee, vetting_staff):
    application = submitted_application()

    page = committee.get(review_url(application))
    confirm = committee.get(move_url(application, "examen"))
    response = committee.post(move_url(application, "examen"))

    assert move_url(application, "examen") in page.text
    assert move_url(application, "accepter") not in page.text  # only what the status allows
    assert "Prendre en examen" in confirm.text
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.reviewer) == (Application.Status.IN_REVIEW, vetting_staff)
    assert flash(response) == [
        "La demande de Menuiserie Vuillermoz est en cours d'examen : vous en êtes le rapporteur."
    ]


def test_a_request_for_information_needs_a_message_and_is_emailed(
    committee, vetting_staff, django_capture_on_commit_callbacks
):
    application = in_review_application(reviewer=vetting_staff)
    mail.outbox.clear()

    empty = committee.post(move_url(application, "informations"), {"text": "  "})
    with django_capture_on_commit_callbacks(execute=True):
        sent = committee.post(move_url(application, "informations"), {"text": "Joignez votre Kbis."})

    assert empty.status_code == 200
    assert "Ce champ est obligatoire." in empty.text
    assert sent.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.INFO_REQUESTED
    assert flash(sent) == ["La demande d'informations a été envoyée à Menuiserie Vuillermoz."]
    [message] = mail.outbox
    assert "Joignez votre Kbis." in message.body


def test_acceptance_is_refused_while_the_checklist_is_incomplete(committee, vetting_staff):
    application = in_review_application(reviewer=vetting_staff)

    response = committee.post(move_url(application, "accepter"))

    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    assert application.company.member_number is None
    assert flash(response) == [
        "Cochez les trois vérifications (implantation, qualité, éthique) avant d'accepter la demande."
    ]


def test_a_committee_member_accepts_a_checked_file(
    committee, vetting_staff, django_capture_on_commit_callbacks
):
    application = checked_application(reviewer=vetting_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = committee.post(move_url(application, "accepter"))

    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.company.member_number == "MIJ-0001"
    assert flash(response) == [
        "Menuiserie Vuillermoz est désormais adhérente, numéro MIJ-0001 ; le message de bienvenue est parti."
    ]
    assert any("MIJ-0001" in message.body for message in mail.outbox)
    history = committee.get(review_url(application)).text
    assert "Demande acceptée" in history and "acceptée" in history


def test_a_rejection_needs_a_reason_and_is_emailed(
    committee, vetting_staff, django_capture_on_commit_callbacks
):
    application = in_review_application(reviewer=vetting_staff)

    empty = committee.post(move_url(application, "refuser"), {"text": ""})
    with django_capture_on_commit_callbacks(execute=True):
        response = committee.post(move_url(application, "refuser"), {"text": "Production hors du Jura."})

    assert empty.status_code == 200 and "Motif du refus" in empty.text
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.decision_reason == "Production hors du Jura."
    assert flash(response) == ["La demande de Menuiserie Vuillermoz est refusée ; le motif lui a été envoyé."]
    assert "Production hors du Jura." in mail.outbox[-1].body


def test_a_move_the_status_no_longer_allows_shows_the_services_message(committee):
    application = submitted_application()

    response = committee.post(move_url(application, "refuser"), {"text": "Non."})

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert flash(response) == ["Seule une demande en cours d'examen peut être refusée."]


def test_a_move_is_a_post(committee, vetting_staff):
    application = checked_application(reviewer=vetting_staff)

    committee.get(move_url(application, "accepter"))

    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW


# --- The moves, as list actions ------------------------------------------------------------------------------


def test_start_review_on_a_selection_reports_each_refusal_by_name(committee, vetting_staff):
    first = submitted_application(legal_name="Fromagerie du Grandvaux")
    second = submitted_application(legal_name="Lunetterie de Morez")
    taken = in_review_application(reviewer=vetting_staff, legal_name="Pipes de Saint-Claude")

    response = committee.post(
        reverse(QUEUE), {"action": "start_review_action", "_selected_action": [first.pk, second.pk, taken.pk]}
    )

    assert response.status_code == 302
    statuses = set(Application.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True))
    assert statuses == {Application.Status.IN_REVIEW}
    assert "Pipes de Saint-Claude : Seule une demande déposée peut être prise en examen." in flash(response)


def test_reject_from_the_list_asks_for_the_reason_on_an_intermediate_page(committee, vetting_staff):
    application = in_review_application(reviewer=vetting_staff)
    selection = {"action": "reject_action", "_selected_action": [application.pk]}

    ask = committee.post(reverse(QUEUE), selection)
    response = committee.post(reverse(QUEUE), {**selection, "apply": "1", "text": "Hors charte."})

    assert ask.status_code == 200
    assert 'name="text"' in ask.text and "Menuiserie Vuillermoz" in ask.text
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.decision_reason == "Hors charte."
    assert response.status_code == 302


def test_request_info_from_the_list_keeps_asking_until_a_message_is_typed(committee, vetting_staff):
    application = in_review_application(reviewer=vetting_staff)

    response = committee.post(
        reverse(QUEUE),
        {"action": "request_info_action", "_selected_action": [application.pk], "apply": "1", "text": ""},
    )

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.text
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW


# --- Who may vet ------------------------------------------------------------------------------------------------


def test_a_treasurer_cannot_open_the_queue_nor_accept(treasurer_client):
    application = checked_application(reviewer=UserFactory(is_staff=True))

    assert treasurer_client.get(reverse(QUEUE)).status_code == 403
    assert treasurer_client.post(move_url(application, "accepter")).status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW


def test_staff_who_may_only_read_applications_see_no_vetting_action(client):
    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(
        *staff_in(VETTING_COMMITTEE).groups.get().permissions.filter(codename="view_application")
    )
    application = in_review_application(reviewer=UserFactory(is_staff=True))
    client.force_login(reader)

    queue = client.get(reverse(QUEUE))
    page = client.get(review_url(application))
    refused = client.post(move_url(application, "refuser"), {"text": "Non."})

    assert queue.status_code == 200
    assert "reject_action" not in queue.text
    assert move_url(application, "refuser") not in page.text
    assert refused.status_code == 403


def test_the_staff_groups_command_is_idempotent():
    call_command("ensure_staff_groups", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("ensure_staff_groups", stdout=open("/dev/null", "w"))  # noqa: SIM115

    committee = Group.objects.get(name=VETTING_COMMITTEE)
    assert committee.permissions.filter(codename="vet_application").exists()
    assert not Group.objects.get(name=TREASURER).permissions.filter(codename="vet_application").exists()
    assert Group.objects.filter(name=VETTING_COMMITTEE).count() == 1
