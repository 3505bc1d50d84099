"""Each participant's schedule (page, PDF) and the staff's table plan: only for them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import SpeedDatingSchedule
from events.services.speeddating import schedule_generate
from reference.models import Sector
from tests.events.test_speeddating_services import register, speed_dating
from tests.factories.members import CompanyFactory, owner_of
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def evening(staff):
    """A generated speed-dating of five participants; the first one is `me`."""
    event = speed_dating()
    cheese = Sector.objects.create(name="Fromagerie", slug="fromagerie")
    companies = [CompanyFactory(legal_name=f"Entreprise {n}") for n in range(5)]
    companies[1].sectors.add(cheese)
    registrations = [register(event, company=company) for company in companies]
    SpeedDatingSchedule.objects.create(event=event, round_minutes=8)
    schedule = schedule_generate(event=event, acting_user=staff)
    return schedule, registrations


def url(name, schedule, registration=None):
    args = [schedule.event.slug] + ([registration.pk] if registration else [])
    return reverse(f"events:{name}", args=args)


def test_a_participant_sees_every_company_they_meet_with_its_trades(client, evening):
    schedule, registrations = evening
    me = registrations[0]
    client.force_login(me.user)
    response = client.get(url("speeddating_mine", schedule))
    assert response["Location"] == url("speeddating_person", schedule, me)
    text = page_text(client.get(response["Location"]))
    assert "Planning des rencontres" in text and "Entreprise 0" in text
    for n in range(1, 5):
        assert f"Entreprise {n}" in text  # 5 people: everyone meets everyone
    assert "(Fromagerie)" in text
    assert "Pause" in text  # an odd room: one round off
    first_round = timezone.localtime(schedule.event.starts_at)
    assert f"{first_round:%H:%M}–{first_round + timedelta(minutes=8):%H:%M}" in text


def test_the_personal_schedule_comes_as_a_pdf(client, evening):
    schedule, registrations = evening
    client.force_login(registrations[0].user)
    response = client.get(url("speeddating_person_pdf", schedule, registrations[0]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_another_person_s_schedule_answers_404(client, evening):
    schedule, registrations = evening
    outsider = owner_of(CompanyFactory())
    client.force_login(registrations[1].user)
    assert client.get(url("speeddating_person", schedule, registrations[0])).status_code == 404
    assert client.get(url("speeddating_person_pdf", schedule, registrations[0])).status_code == 404
    client.force_login(outsider)
    assert client.get(url("speeddating_mine", schedule)).status_code == 404


def test_the_public_is_asked_to_log_in(client, evening):
    schedule, registrations = evening
    response = client.get(url("speeddating_person", schedule, registrations[0]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_see_any_participant_s_schedule_and_the_table_plan(client, evening, staff):
    schedule, registrations = evening
    client.force_login(staff)
    assert client.get(url("speeddating_person", schedule, registrations[2])).status_code == 200
    text = page_text(client.get(url("speeddating_plan", schedule)))
    assert "Plan de tables" in text and "5 participants" in text and "Tour 5" in text
    pdf = client.get(url("speeddating_plan_pdf", schedule))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")


def test_members_cannot_see_the_table_plan(client, evening):
    schedule, registrations = evening
    client.force_login(registrations[0].user)
    assert client.get(url("speeddating_plan", schedule)).status_code == 404
    assert client.get(url("speeddating_plan_pdf", schedule)).status_code == 404


def test_the_table_plan_costs_the_same_queries_whatever_the_room(
    client, staff, django_assert_max_num_queries
):
    event = speed_dating()
    for _ in range(20):
        register(event)
    schedule = schedule_generate(event=event, acting_user=staff)
    client.force_login(staff)
    with django_assert_max_num_queries(6):
        assert client.get(url("speeddating_plan", schedule)).status_code == 200


def test_staff_generate_then_regenerate_from_the_admin(client, staff):
    event = speed_dating()
    for _ in range(4):
        register(event)
    schedule = SpeedDatingSchedule.objects.create(event=event)
    client.force_login(staff)
    change = reverse("admin:events_speeddatingschedule_change", args=[schedule.pk])
    assert "Générer le planning" in client.get(change).content.decode()
    generate = reverse("admin:events_speeddatingschedule_generate", args=[schedule.pk])
    assert client.get(generate).status_code == 405
    response = client.post(generate, follow=True)
    assert "Planning généré" in response.content.decode()
    assert "Régénérer le planning" in response.content.decode()
    schedule.refresh_from_db()
    assert schedule.seats.count() == 4 * 3
    response = client.post(generate, follow=True)
    assert "Planning régénéré" in response.content.decode()


def test_the_event_page_leads_a_participant_to_their_schedule_once_it_is_generated(client, evening):
    schedule, registrations = evening
    client.force_login(registrations[0].user)

    text = page_text(client.get(schedule.event.get_absolute_url()))

    assert "Mon planning des rencontres" in text


def test_the_event_page_has_no_schedule_link_before_generation(client, staff):
    event = speed_dating()
    me = register(event, company=CompanyFactory(legal_name="Entreprise seule"))
    client.force_login(me.user)

    text = page_text(client.get(event.get_absolute_url()))

    assert "Mon planning des rencontres" not in text
