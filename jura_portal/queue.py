"""Background work: Django's task API (`@task`, `.enqueue()`) on top of Procrastinate.

The code declares tasks with `django.tasks.task` and enqueues them as Django documents;
this backend turns each `enqueue` into a Procrastinate job (a row in PostgreSQL, written in
the caller's transaction), and `manage.py worker` runs them. Procrastinate does the queue's
hard parts: retries with backoff (`TASKS_MAX_ATTEMPTS`, `TASKS_RETRY_BASE_SECONDS`),
heartbeats so that the task of a dead worker is found and run again, a graceful stop that
finishes the task in hand, and periodic jobs deferred once per period whatever the number
of workers (jura_portal/schedule.py). Tests keep Django's ImmediateBackend.

A task may run twice (a worker killed after the work but before it recorded success): every
task that talks to the outside world is idempotent (emails carry a key, payments apply once).
"""

import logging

from django.conf import settings
from django.db import close_old_connections
from django.tasks import TaskResult, TaskResultStatus
from django.tasks.backends.base import BaseTaskBackend
from django.utils import timezone
from django.utils.module_loading import import_string
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)

RETRY = RetryStrategy(
    max_attempts=settings.TASKS_MAX_ATTEMPTS, exponential_wait=settings.TASKS_RETRY_BASE_SECONDS
)


@app.task(name="portal.run_task", retry=RETRY)
def run_task(*, path: str, args: list, kwargs: dict) -> None:
    """Run one Django task in the worker; an exception makes Procrastinate retry it later."""
    close_old_connections()
    try:
        import_string(path).call(*args, **kwargs)
    finally:
        close_old_connections()


class ProcrastinateBackend(BaseTaskBackend):
    """`Task.enqueue()` writes a Procrastinate job (in the current transaction)."""

    supports_defer = True

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        job_id = run_task.configure(queue=task.queue_name, schedule_at=task.run_after).defer(
            path=task.module_path, args=list(args), kwargs=dict(kwargs)
        )
        return TaskResult(
            task=task,
            id=str(job_id),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
