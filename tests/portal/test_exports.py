"""Staff export members, applications and event attendees as CSV and Excel: the content, cells that a
spreadsheet would run as formulas kept as text, and the lists' permissions."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from events import services as event_services
from members.models import Application, Company, CompanyRole
from reference.models import Sector
from tests.factories.events import EventFactory
from tests.factories.members import CompanyFactory, UserFactory, new_member, owner_of

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def scierie():
    sector, _ = Sector.objects.get_or_create(name="Scierie", defaults={"slug": "scierie"})
    company = CompanyFactory(
        legal_name="Scierie du Grandvaux SARL",
        trade_name="Scierie du Grandvaux",
        member_since=date(2024, 3, 1),
    )
    company.sectors.add(sector)
    owner = owner_of(company)
    owner.first_name, owner.last_name = "Camille", "Vuillet"
    owner.save()
    return company


@pytest.fixture
def formula_company():
    """Somebody typed a formula as their company name."""
    return CompanyFactory(legal_name='=HYPERLINK("http://evil.example","x")', trade_name="")


def url(name: str, fmt: str, **query) -> str:
    from urllib.parse import urlencode

    base = reverse(name, kwargs={"fmt": fmt})
    return f"{base}?{urlencode(query)}" if query else base


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_members_export_has_company_contacts_trade_territory_status_and_date(client, staff, scierie, fmt):
    CompanyFactory(legal_name="Candidate SAS", status=Company.Status.APPLICANT, member_number=None)
    client.force_login(staff)

    response = client.get(url("admin:members_company_export", fmt, status__exact="active"))

    rows = (read_csv if fmt == "csv" else read_xlsx)(response)
    assert rows[0][:10] == [
        "Entreprise",
        "Raison sociale",
        "SIRET",
        "Numéro d'adhérent",
        "Contacts",
        "Métiers",
        "Commune",
        "Intercommunalité",
        "Statut",
        "Adhérente depuis",
    ]
    [row] = rows[1:]  # the filter of the list applies: the applicant is left out
    assert row[0] == "Scierie du Grandvaux"
    assert row[2] == scierie.siret
    assert row[3] == scierie.member_number
    assert f"Camille Vuillet <{owner_of(scierie).email}> (responsable)" in row[4]
    assert row[5] == "Scierie"
    assert (row[6], row[7], row[8]) == (
        "Lons-le-Saunier",
        "CA ECLA (Espace Communautaire Lons Agglomération)",
        "adhérente",
    )
    if fmt == "csv":
        assert row[9] == "01/03/2024"
    else:
        assert row[9].date() == date(2024, 3, 1)


def test_the_members_export_reads_in_a_constant_number_of_queries(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    CompanyFactory()
    client.get(url("admin:members_company_export", "csv"))
    with django_assert_max_num_queries(12) as few:
        client.get(url("admin:members_company_export", "csv"))
    for _ in range(15):
        company = CompanyFactory()
        CompanyRole.objects.create(company=company, user=UserFactory(), role=CompanyRole.Role.REPRESENTATIVE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("admin:members_company_export", "csv"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_formula_in_a_cell_stays_text(client, staff, formula_company, fmt):
    guest_event = EventFactory()
    event_services.registration_create_for_guest(
        event=guest_event, name="+33 6 12 34 56 78", email="g@exemple.fr"
    )
    client.force_login(staff)

    rows = (read_csv if fmt == "csv" else read_xlsx)(client.get(url("admin:members_company_export", fmt)))
    [cell] = [row[0] for row in rows[1:]]
    assert cell == '\'=HYPERLINK("http://evil.example","x")'

    name = "admin:events_event_attendees_" + fmt
    rows = (read_csv if fmt == "csv" else read_xlsx)(client.get(reverse(name, args=[guest_event.pk])))
    assert rows[1][0] == "'+33 6 12 34 56 78"
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(client.get(reverse(name, args=[guest_event.pk])).content)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_applications_export_lists_the_queue(client, staff, fmt):
    company = CompanyFactory(
        legal_name="Lunettes de Morez", status=Company.Status.APPLICANT, member_number=None
    )
    applicant = UserFactory(first_name="Julien", last_name="Grandclément")
    Application.objects.create(company=company, applicant=applicant, status=Application.Status.SUBMITTED)
    client.force_login(staff)

    rows = (read_csv if fmt == "csv" else read_xlsx)(client.get(url("admin:members_application_export", fmt)))

    assert rows[0][:4] == ["Entreprise", "SIRET", "Candidat", "E-mail du candidat"]
    [row] = rows[1:]
    assert row[:4] == ["Lunettes de Morez", company.siret, "Julien Grandclément", applicant.email]
    assert row[7] == "déposée"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_attendees_export_has_each_person_with_status(client, staff, fmt):
    event = EventFactory(capacity=1)
    first, second = new_member(legal_name="Tournerie SARL"), new_member()
    for person in (first, second):
        event_services.registration_create_for_member(event=event, acting_user=person)
    client.force_login(staff)

    rows = (read_csv if fmt == "csv" else read_xlsx)(
        client.get(reverse(f"admin:events_event_attendees_{fmt}", args=[event.pk]))
    )

    assert rows[0][:4] == ["Nom", "E-mail", "Entreprise", "Statut"]
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email[first.email][2:4] == ["Tournerie SARL", "confirmée"]
    assert by_email[second.email][3] == "liste d'attente"


def test_staff_without_permission_to_view_a_list_cannot_export_it(client, treasurer):
    client.force_login(treasurer)  # may view companies, not applications
    event = EventFactory()

    assert client.get(url("admin:members_application_export", "csv")).status_code == 403
    assert client.get(reverse("admin:events_event_attendees_xlsx", args=[event.pk])).status_code == 403
    assert client.get(url("admin:members_company_export", "csv")).status_code == 200


def test_the_change_lists_offer_both_formats_with_their_filters(client, staff):
    client.force_login(staff)

    page = client.get(reverse("admin:members_company_changelist") + "?status__exact=active").content.decode()

    assert url("admin:members_company_export", "csv", status__exact="active") in page
    assert "Exporter (Excel)" in page


def test_staff_who_may_see_events_but_not_registrations_see_no_attendee_list(client):
    """The list shows names and e-mail addresses: the registrations' permission, as its export."""
    from django.contrib.auth.models import Permission

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(viewer)
    event = EventFactory()
    person = new_member(legal_name="Tournerie SARL")
    event_services.registration_create_for_member(event=event, acting_user=person, people=[person])

    response = client.get(reverse("admin:events_event_attendees", args=[event.pk]))

    assert response.status_code == 403
    assert person.email not in response.content.decode()
    assert client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 200
