"""Background work under faults, with real worker processes, real PostgreSQL and a real SMTP server."""

import signal
import time

import pytest
from django.db import connection

from jura_portal.emails import deliver
from jura_portal.queue import ProcrastinateBackend
from tests.portal.worker_harness import (
    Mailbox,
    empty_queue,
    free_port,
    job_counts,
    start_worker,
    stop,
    wait_for,
    worker_env,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_queue():
    empty_queue()


def enqueue_emails(count: int, prefix: str) -> list[str]:
    backend = ProcrastinateBackend("default", {})
    subjects = [f"{prefix} {n:02d}" for n in range(count)]
    for n, subject in enumerate(subjects):
        backend.enqueue(
            deliver,
            [],
            {
                "to": ["membre@example.org"],
                "subject": subject,
                "body": "Bonjour",
                "key": f"{prefix}-{n}".replace(" ", "-"),
            },
        )
    return subjects


@pytest.fixture
def mailbox():
    box = Mailbox(free_port(), delay=0.15).start()
    yield box
    box.stop()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_every_email_is_sent_exactly_once_when_the_worker_is_stopped_during_a_batch(mailbox, how):
    subjects = enqueue_emails(20, f"Lot {how.name}")
    env = worker_env(mailbox.port)
    first = start_worker(env)
    second = None
    try:
        wait_for(lambda: len(mailbox.received) >= 5, 60, "the first emails")
        # Stopped in the middle of an SMTP conversation. (Killed in the few microseconds between
        # the server's "250" and the worker recording the key, a message would go twice: no queue
        # can close that gap with SMTP; the stable Message-ID lets mail servers drop the copy.)
        wait_for(mailbox.in_mail.is_set, 30, "a message in the worker's hands")
        first.send_signal(how)
        first.wait(timeout=30)
        assert len(mailbox.received) < 20  # the batch really was cut in the middle
        second = start_worker(env)
        wait_for(lambda: len(mailbox.received) >= 20 and job_counts().get("succeeded") == 20, 60, "the batch")
    finally:
        stop(first)
        if second:
            stop(second)
    assert sorted(mailbox.subjects()) == sorted(subjects)  # each one, once
    assert len({m["message_id"] for m in mailbox.received}) == 20


def test_emails_wait_while_smtp_refuses_then_all_leave_once_it_accepts():
    port = free_port()  # nothing listens there yet: connections are refused
    subjects = enqueue_emails(10, "Relance")
    worker = start_worker(worker_env(port))
    box = None
    try:
        wait_for(lambda: job_counts().get("todo", 0) + job_counts().get("doing", 0) == 10, 30, "the jobs")
        wait_for(_some_attempt_failed, 60, "a refused attempt")
        box = Mailbox(port).start()
        wait_for(lambda: job_counts().get("succeeded") == 10, 60, "all emails sent")
    finally:
        stop(worker)
        if box:
            box.stop()
    assert sorted(box.subjects()) == sorted(subjects)


def _some_attempt_failed() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE attempts > 0")
        return cursor.fetchone()[0] > 0


def test_a_task_that_keeps_failing_ends_visibly_failed_and_healthz_counts_it(client):
    port = free_port()  # SMTP never comes back
    enqueue_emails(1, "Perdu")
    worker = start_worker(worker_env(port, TASKS_MAX_ATTEMPTS="2"))
    try:
        wait_for(lambda: job_counts().get("failed") == 1, 60, "the task to fail for good")
    finally:
        stop(worker)
    answer = client.get("/healthz")
    assert answer.json()["failed_tasks"] == 1


def test_two_workers_run_each_scheduled_job_once_per_period(mailbox):
    from jura_portal import schedule
    from jura_portal.models import JobRun

    env = worker_env(mailbox.port)
    workers = [start_worker(env), start_worker(env)]

    def scheduled() -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT status, count(*) FROM procrastinate_jobs WHERE task_name LIKE 'schedule.%%' GROUP BY status"
            )
            return dict(cursor.fetchall())

    try:
        # Started after each job's last time, both workers make up the missed run: one run each.
        wait_for(lambda: scheduled().get("succeeded") == len(schedule.JOBS), 60, "the scheduled jobs")
        time.sleep(2)  # the slower worker has caught up too
    finally:
        for worker in workers:
            stop(worker)
    assert scheduled() == {"succeeded": len(schedule.JOBS)}
    runs = sorted(JobRun.objects.values_list("job", flat=True))
    assert runs == sorted(job.command for job in schedule.JOBS)
    assert all(run.outcome == JobRun.Outcome.SUCCEEDED for run in JobRun.objects.all())


def test_make_run_starts_the_worker_again_when_it_dies(mailbox):
    from jura_portal.management.commands.devserver import WorkerKeeper

    keeper = WorkerKeeper(env=worker_env(mailbox.port))
    try:
        first = keeper.process
        first.kill()
        wait_for(lambda: keeper.process is not first and keeper.process.poll() is None, 20, "a new worker")
        subjects = enqueue_emails(1, "Encore la")
        wait_for(lambda: mailbox.subjects() == subjects, 60, "the new worker to send")
    finally:
        keeper.stop()
