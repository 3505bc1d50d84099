"""The staff cockpit (admin home): its figures against seeded data, what each member of staff sees,
its charts (inline SVG with their tables) and a constant number of queries."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from dues import services as dues
from dues.models import Payment
from events.models import Event, Registration
from jura_portal import cockpit
from jura_portal.models import AuditEntry
from members.models import Application, Company
from tests.factories.charter import CharterVersionFactory, SignatureFactory
from tests.factories.dues import issued_invoice
from tests.factories.events import EventFactory
from tests.factories.members import CompanyFactory, UserFactory
from tests.portal.test_scheduled_jobs_admin import failed_email_task

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2027, 6, 15, 10, 0, tzinfo=PARIS)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def application(status: str, submitted_at: datetime | None) -> Application:
    company = CompanyFactory(status=Company.Status.APPLICANT, member_number=None, member_since=None)
    return Application.objects.create(
        company=company, applicant=UserFactory(), status=status, submitted_at=submitted_at
    )


@pytest.fixture
def seeded(staff):
    """Two applications waiting (the oldest for 12 days), dues of 2027 partly paid, a charter campaign,
    two events, attendance in the past year, members joining and leaving, one failed task."""
    application(Application.Status.SUBMITTED, at(date(2027, 6, 3)))
    application(Application.Status.IN_REVIEW, at(date(2027, 6, 10)))
    application(Application.Status.DRAFT, None)  # a draft waits on nobody but the applicant

    with time_machine.travel(at(date(2027, 1, 5)), tick=False):
        paid, partial, _unpaid = (
            issued_invoice(CompanyFactory(member_since=date(2025, 4, 1)), year=2027) for _ in range(3)
        )
    with time_machine.travel(at(date(2027, 3, 20)), tick=False):
        dues.payment_record_transfer(
            invoice=paid,
            method=Payment.Provider.TRANSFER,
            amount_cents=24_000,
            received_on=date(2027, 3, 18),
            reference="VIR 1",
            acting_user=staff,
        )
    with time_machine.travel(at(date(2027, 5, 20)), tick=False):
        dues.payment_record_transfer(
            invoice=partial,
            method=Payment.Provider.CHEQUE,
            amount_cents=10_000,
            received_on=date(2027, 5, 19),
            reference="CHQ 2",
            acting_user=staff,
        )

    with time_machine.travel(at(date(2027, 5, 2)), tick=False):
        version = CharterVersionFactory(signing_deadline=date(2027, 7, 1))
    SignatureFactory(company=paid.company, version=version)
    # The three invoiced companies are the active members: one signed, two to sign.

    with time_machine.travel(at(date(2027, 6, 1)), tick=False):
        soon = EventFactory(title="Visite de la tournerie", capacity=20, starts_at=NOW + timedelta(days=5))
        EventFactory(title="Brouillon", status=Event.Status.DRAFT, published_at=None)
        past = EventFactory(title="Soirée ECLA", starts_at=NOW - timedelta(days=30))
    Event.objects.filter(pk=soon.pk).update(confirmed_count=12, waitlisted_count=2)
    for n in range(4):
        Registration.objects.create(
            event=past, name=f"Invité {n}", email=f"invite{n}@exemple.fr", is_guest=True, status="attended"
        )

    # Membership over the years: joined 2026 (one), 2027 (one); one resignation 2026, one lapse 2027.
    CompanyFactory(member_since=date(2026, 9, 1), status=Company.Status.RESIGNED)
    CompanyFactory(member_since=date(2027, 2, 1), status=Company.Status.APPLICANT, member_number=None)
    joined_2027 = CompanyFactory(member_since=date(2027, 3, 1), status=Company.Status.LAPSED)
    for action, day in (("company.resigned", date(2026, 11, 2)), ("company.lapsed", date(2027, 4, 5))):
        entry = AuditEntry.objects.create(action=action, target_id=str(joined_2027.pk), target_repr="x")
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=at(day))

    failed_email_task("Relance")
    return {"version": version, "soon": soon}


def test_the_cockpit_figures_match_the_seeded_data(seeded, staff):
    with time_machine.travel(NOW, tick=False):
        figures = cockpit.cockpit(staff)

    assert figures["applications"]["count"] == 2
    assert figures["applications"]["oldest_days"] == 12
    assert figures["applications"]["not_started"] == 1

    dues = figures["dues"]
    assert dues["unpaid_count"] == 2
    assert dues["unpaid"] == "480,00\u00a0€"
    assert dues["late_count"] == 2
    assert (dues["collected"], dues["expected"], dues["percent"]) == ("340,00\u00a0€", "720,00\u00a0€", 47)
    assert dues["chart"].series[0][1] == [0, 0, 240, 0, 100, 0, 0, 0, 0, 0, 0, 0]

    charter = figures["charter"]
    assert (charter["signed"], charter["to_sign"], charter["days_left"]) == (1, 2, 16)

    [event] = figures["events"]["events"]
    assert (event.title, event.confirmed_count, event.capacity, event.waitlisted_count) == (
        "Visite de la tournerie",
        12,
        20,
        2,
    )

    attendance = figures["attendance"]["chart"]
    assert attendance.labels == ["CA ECLA (Espace Communautaire Lons Agglomération)"]
    assert attendance.series[0][1] == [4]

    membership = figures["membership"]["chart"]
    assert membership.labels == ["2023", "2024", "2025", "2026", "2027"]
    assert dict(membership.series)["nouvelles"] == [0, 0, 3, 1, 1]
    assert dict(membership.series)["départs"] == [0, 0, 0, 1, 0]
    assert dict(membership.series)["impayées"] == [0, 0, 0, 0, 1]

    assert figures["tasks"]["failed"] == 1


def test_the_admin_home_shows_the_figures_with_links_to_the_filtered_lists(client, seeded, staff):
    with time_machine.travel(NOW, tick=False):
        client.force_login(staff)
        page = client.get(reverse("admin:index")).content.decode()

    assert "2 demandes à examiner" in page
    assert "la plus ancienne attend depuis 12 jours" in page
    assert reverse("admin:members_application_changelist") + "?status__in=submitted%2Cin_review" in page
    assert "2 factures à payer (480,00\u00a0€)" in page
    assert "340,00\u00a0€ encaissés sur 720,00\u00a0€ attendus" in page
    assert reverse("admin:dues_invoice_changelist") + "?status__exact=issued" in page
    assert "Version 1 : 1 signée(s), 2 à signer" in page or "1 signée(s), 2 à signer" in page
    assert "Visite de la tournerie" in page
    assert "12 / 20 places prises, 2 en liste d'attente" in page
    assert "1 tâche en échec" in page
    assert reverse("admin:jura_portal_backgroundtask_changelist") + "?statut=failed" in page
    # The app list stays reachable below the cockpit.
    assert reverse("admin:app_list", kwargs={"app_label": "events"}) in page


def test_each_chart_is_an_accessible_svg_with_its_table(client, seeded, staff):
    with time_machine.travel(NOW, tick=False):
        client.force_login(staff)
        page = client.get(reverse("admin:index")).content.decode()

    assert page.count('<svg role="img"') == 3
    for chart_id in ("chart-membership", "chart-dues", "chart-attendance"):
        assert f'aria-labelledby="{chart_id}-t {chart_id}-d"' in page
        assert f'<title id="{chart_id}-t">' in page
    assert "<caption>Cotisations encaissées par mois en 2027</caption>" in page
    assert '<th scope="row">mars</th><td>240,00\u00a0€</td>' in page
    assert "<caption>Adhésions par année</caption>" in page
    assert "<script" not in page.split('id="cockpit-title"')[1].split("Toutes les rubriques")[0]


def test_a_member_of_staff_without_dues_permission_does_not_see_the_dues_figures(
    client, seeded, vetting_staff
):
    with time_machine.travel(NOW, tick=False):
        client.force_login(vetting_staff)
        page = client.get(reverse("admin:index")).content.decode()

    assert "2 demandes à examiner" in page
    assert "factures à payer" not in page
    assert "encaissés" not in page
    assert "chart-dues" not in page
    assert "tâche en échec" not in page


def test_the_treasurer_sees_the_dues_but_not_the_applications(client, seeded, treasurer):
    with time_machine.travel(NOW, tick=False):
        client.force_login(treasurer)
        page = client.get(reverse("admin:index")).content.decode()

    assert "2 factures à payer" in page
    assert "demandes à examiner" not in page


def test_the_cockpit_reads_in_a_constant_number_of_queries(
    client, seeded, staff, django_assert_max_num_queries
):
    with time_machine.travel(NOW, tick=False):
        client.force_login(staff)
        client.get(reverse("admin:index"))  # warm caches (content types, session)
        with django_assert_max_num_queries(24) as first:
            client.get(reverse("admin:index"))
        for n in range(10):
            EventFactory(title=f"Atelier {n}", starts_at=NOW + timedelta(days=2 + n))
            issued_invoice(CompanyFactory(), year=2027, today=date(2027, 6, 1))
            application(Application.Status.SUBMITTED, NOW - timedelta(days=n))
        with django_assert_max_num_queries(len(first.captured_queries)):
            client.get(reverse("admin:index"))


def test_staff_without_any_of_the_cockpits_permissions_see_the_app_list_only(client, db):
    clerk = UserFactory(is_staff=True)
    client.force_login(clerk)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Tableau de bord" not in page
    assert "Toutes les rubriques" in page
