"""Copies of outgoing e-mails kept by the task queue (recipient, subject, body) go after the period
the privacy page states: 30 days once sent, 90 days once failed for good."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jura_portal.emails import deliver
from jura_portal.models import SentEmail
from jura_portal.queue import ProcrastinateBackend
from tests.portal.worker_harness import empty_queue

pytestmark = pytest.mark.django_db


def queued_email(status: str, days_ago: int) -> int:
    result = ProcrastinateBackend("default", {}).enqueue(
        deliver, [], {"to": ["membre@example.org"], "subject": f"{status} {days_ago}", "body": "Bonjour"}
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = %s WHERE id = %s", [status, result.id])
        cursor.execute(
            "UPDATE procrastinate_events SET at = now() - %s WHERE job_id = %s",
            [timedelta(days=days_ago), result.id],
        )
    return int(result.id)


def remaining_subjects() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT args->'kwargs'->>'subject' FROM procrastinate_jobs")
        return {row[0] for row in cursor.fetchall()}


def test_old_copies_of_emails_leave_the_queue_sent_after_30_days_failed_after_90():
    empty_queue()
    for status, days in (("succeeded", 31), ("succeeded", 29), ("failed", 91), ("failed", 60), ("todo", 200)):
        queued_email(status, days)
    old = SentEmail.objects.create(key="ancien", to="membre@example.org", subject="Relance")
    SentEmail.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=31))
    SentEmail.objects.create(key="recent", to="membre@example.org", subject="Relance")

    call_command("prune_task_history", stdout=StringIO())

    assert remaining_subjects() == {"succeeded 29", "failed 60", "todo 200"}
    assert list(SentEmail.objects.values_list("key", flat=True)) == ["recent"]


def test_the_privacy_page_states_how_long_copies_of_emails_are_kept(client):
    text = client.get(reverse("privacy")).content.decode()

    assert "Les e-mails que nous vous envoyons" in text
    assert "30 jours après leur envoi" in text and "90 jours" in text
