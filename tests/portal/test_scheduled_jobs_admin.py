"""Staff run the daily jobs from the admin: the list from the one registry, a preview with counts,
a confirmation, the run in the background and its outcome; failed background tasks and "retry"."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from dues.models import Invoice
from jura_portal import schedule
from jura_portal.emails import deliver
from jura_portal.models import BackgroundTask, JobRun
from jura_portal.queue import ProcrastinateBackend
from tests.factories.dues import fee_schedules, renewing_company

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
FIRST_OF_DECEMBER = datetime(2026, 12, 1, 9, tzinfo=PARIS)


def test_the_jobs_page_lists_every_scheduled_job_with_its_schedule_and_last_run(
    treasurer, treasurer_client, django_assert_max_num_queries
):
    JobRun.objects.create(job="dues_renew", outcome=JobRun.Outcome.SUCCEEDED, output="Année 2027 : 3")
    with django_assert_max_num_queries(12):
        page = treasurer_client.get(reverse("admin:jura_portal_jobrun_changelist"))
    html = page.content.decode()
    assert page.status_code == 200
    for job in schedule.JOBS:
        assert escape(job.label) in html
        assert escape(job.when) in html
    assert "Renouvellement des cotisations" in html and "terminé" in html and "jamais" in html


def test_staff_preview_the_renewal_run_then_confirm_and_the_invoices_are_issued(
    treasurer, treasurer_client, django_capture_on_commit_callbacks
):
    fee_schedules(2026)
    fee_schedules(2027)
    for n in range(3):
        renewing_company(legal_name=f"Fromagerie {n}")
    url = reverse("admin:jura_portal_jobrun_launch", args=["dues_renew"])
    with time_machine.travel(FIRST_OF_DECEMBER, tick=False):
        preview = treasurer_client.get(url)
        text = preview.content.decode()
        assert "3 facture(s) seraient émises pour 2027" in text
        assert "Fromagerie 0" in text
        assert Invoice.objects.filter(year=2027).count() == 0  # a preview changes nothing
        with django_capture_on_commit_callbacks(execute=True):
            answer = treasurer_client.post(url)
    run = JobRun.objects.get(job="dues_renew")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("admin:jura_portal_jobrun_progress", args=[run.pk])
    assert Invoice.objects.filter(year=2027).count() == 3
    assert run.started_by == treasurer and run.outcome == JobRun.Outcome.SUCCEEDED
    progress = treasurer_client.get(answer["Location"]).content.decode()
    assert "terminé" in progress and "Année 2027 : 3 facture(s) émise(s)." in progress


def test_the_reminders_preview_lists_the_reminders_that_would_go_out(treasurer, treasurer_client):
    from dues import services

    fee_schedules(2027)
    company = renewing_company(legal_name="Scierie du Grandvaux")
    services.invoice_issue(company=company, year=2027, acting_user=None, today=date(2026, 12, 1))
    with time_machine.travel(datetime(2027, 1, 1, 9, tzinfo=PARIS), tick=False):  # 30 days before due
        treasurer_client.force_login(treasurer)  # the session opened a month ago has expired
        answer = treasurer_client.get(reverse("admin:jura_portal_jobrun_launch", args=["dues_reminders"]))
    text = answer.content.decode()
    assert "1 rappel(s) de cotisation partiraient." in text
    assert "Scierie du Grandvaux" in text


def test_staff_without_the_permission_cannot_run_a_job(client, events_staff):
    client.force_login(events_staff)
    assert client.get(reverse("admin:jura_portal_jobrun_launch", args=["dues_renew"])).status_code == 403
    assert client.post(reverse("admin:jura_portal_jobrun_launch", args=["dues_renew"])).status_code == 403
    assert JobRun.objects.count() == 0


def failed_email_task(subject: str) -> int:
    result = ProcrastinateBackend("default", {}).enqueue(
        deliver, [], {"to": ["a@example.org"], "subject": subject, "body": "x", "key": "k1"}
    )
    with connection.cursor() as cursor:  # what a worker does after the last attempt
        cursor.execute("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = %s", [int(result.id)])
        cursor.execute("UPDATE procrastinate_jobs SET status = 'failed' WHERE id = %s", [int(result.id)])
    return int(result.id)


def test_staff_see_failed_tasks_in_french_and_retry_them(
    treasurer, treasurer_client, django_assert_max_num_queries
):
    job_id = failed_email_task("Votre facture MIJ-2027-00001")
    url = reverse("admin:jura_portal_backgroundtask_changelist")
    with django_assert_max_num_queries(12):
        page = treasurer_client.get(url, {"statut": "failed"})
    html = page.content.decode()
    assert "E-mail : Votre facture MIJ-2027-00001" in html
    assert "en échec" in html
    treasurer_client.post(url, {"action": "retry", "_selected_action": [job_id]})
    assert BackgroundTask.objects.get(pk=job_id).status == "todo"
    assert treasurer_client.get("/healthz").json()["failed_tasks"] == 0
