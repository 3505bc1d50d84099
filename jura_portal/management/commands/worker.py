"""`manage.py worker`: run the background tasks and the scheduled jobs (jura_portal/schedule.py).

Procrastinate's worker, plus the two things a portal needs around it:
- the task in hand of a worker that died (kill -9, lost machine) is handed back to the queue
  once that worker has been silent for WORKER_STALLED_AFTER_SECONDS (checked at start and then
  every heartbeat);
- a database outage does not end the process: Procrastinate stops its worker when its connection
  fails; this command starts it again every RESTART_DELAY_SECONDS until the database is back.
SIGTERM or Ctrl-C stops it gracefully: the task in hand is finished first, and nothing restarts.
"""

import asyncio
import logging
import signal

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections
from procrastinate import worker as worker_module
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)

RESTART_DELAY_SECONDS = 2
OPEN_TIMEOUT_SECONDS = 10


async def recover_stalled_jobs(worker_app) -> int:
    """Put back in the queue the jobs held by workers that stopped sending heartbeats."""
    manager = worker_app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=settings.WORKER_STALLED_AFTER_SECONDS)
    for job in stalled:
        logger.warning("Tâche %s (%s) reprise : son worker ne répond plus.", job.id, job.task_name)
        await manager.retry_job(job)
    await manager.prune_stalled_workers(seconds_since_heartbeat=settings.WORKER_STALLED_AFTER_SECONDS)
    return len(stalled)


class Command(BaseCommand):
    help = "Exécute les tâches de fond et les travaux planifiés (Procrastinate)."
    # The system checks query the database (field checks): a worker started during an outage must
    # wait for the database in its own loop below, not die before it (the web processes run them).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=1)

    def handle(self, *args, concurrency: int, **options):
        self.stopping = False
        self.worker: worker_module.Worker | None = None
        asyncio.run(self.supervise(concurrency))

    def request_stop(self) -> None:
        """SIGTERM / Ctrl-C: finish the task in hand, then stop (no restart)."""
        self.stopping = True
        if self.worker is not None:
            self.worker.stop()

    async def supervise(self, concurrency: int) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request_stop)
        while not self.stopping:
            try:
                await self.run_once(concurrency)
            except Exception:
                logger.exception("Le worker s'est arrêté sur une erreur.")
            if not self.stopping:
                # Procrastinate stops its worker when the database goes away: start it again.
                logger.warning("Le worker redémarre dans %s s.", RESTART_DELAY_SECONDS)
                await asyncio.sleep(RESTART_DELAY_SECONDS)

    async def run_once(self, concurrency: int) -> None:
        # Django's connection (the tasks', and the deferrer's through DjangoConnector) may have
        # died with the database: start from fresh ones.
        await sync_to_async(connections.close_all)()
        # A worker app on its own psycopg pool (LISTEN/NOTIFY); the tasks keep deferring through
        # Django's connection, so a task's own jobs (e-mails) are written in its transaction.
        worker_app = app.with_connector(app.connector.get_worker_connector())
        worker_app.periodic_defaults = app.periodic_defaults  # not copied by with_connector
        worker_app.perform_import_paths()
        logger.info("Connexion du worker à la base…")
        await asyncio.wait_for(worker_app.open_async(), timeout=OPEN_TIMEOUT_SECONDS)
        try:
            self.worker = worker_module.Worker(
                app=worker_app,
                concurrency=concurrency,
                update_heartbeat_interval=settings.WORKER_HEARTBEAT_SECONDS,
                stalled_worker_timeout=settings.WORKER_STALLED_AFTER_SECONDS,
                fetch_job_polling_interval=settings.WORKER_POLL_SECONDS,
                install_signal_handlers=False,
            )
            if self.stopping:
                return
            recovery = asyncio.create_task(self.recover_periodically(worker_app))
            try:
                await self.worker.run()
            finally:
                self.worker = None
                recovery.cancel()
        finally:
            await asyncio.wait_for(worker_app.close_async(), timeout=OPEN_TIMEOUT_SECONDS)

    async def recover_periodically(self, worker_app) -> None:
        while True:
            try:
                await recover_stalled_jobs(worker_app)
            except Exception:
                logger.exception("Reprise des tâches bloquées impossible pour l'instant.")
            await asyncio.sleep(settings.WORKER_HEARTBEAT_SECONDS)
