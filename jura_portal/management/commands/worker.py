"""`manage.py worker`: run the background tasks and the scheduled jobs (jura_portal/schedule.py).

Procrastinate's worker, plus the two things a portal needs around it:
- the task in hand of a worker that died (kill -9, lost machine) is handed back to the queue
  once that worker has been silent for WORKER_STALLED_AFTER_SECONDS (checked at start and then
  every heartbeat);
- a database outage does not end the process: the worker waits and starts again by itself.
SIGTERM or Ctrl-C stops it gracefully: the task in hand is finished first.
"""

import asyncio
import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)

RESTART_DELAY_SECONDS = 2


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

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=1)

    def handle(self, *args, concurrency: int, **options):
        asyncio.run(self.supervise(concurrency))

    async def supervise(self, concurrency: int) -> None:
        # Procrastinate handles SIGTERM/SIGINT while it runs (a graceful stop returns normally);
        # between two attempts the default handlers end the process, with no task in hand.
        while True:
            try:
                await self.run_once(concurrency)
            except Exception:
                logger.exception(
                    "Le worker s'est arrêté sur une erreur ; reprise dans %s s.", RESTART_DELAY_SECONDS
                )
                await asyncio.sleep(RESTART_DELAY_SECONDS)
            else:
                return

    async def run_once(self, concurrency: int) -> None:
        connector = app.connector.get_worker_connector()
        worker_app = app.with_connector(connector)
        async with worker_app.open_async():
            recovery = asyncio.create_task(self.recover_periodically(worker_app))
            try:
                await worker_app.run_worker_async(
                    concurrency=concurrency,
                    update_heartbeat_interval=settings.WORKER_HEARTBEAT_SECONDS,
                    stalled_worker_timeout=settings.WORKER_STALLED_AFTER_SECONDS,
                    fetch_job_polling_interval=settings.WORKER_POLL_SECONDS,
                    install_signal_handlers=True,
                )
            finally:
                recovery.cancel()

    async def recover_periodically(self, worker_app) -> None:
        while True:
            try:
                await recover_stalled_jobs(worker_app)
            except Exception:
                logger.exception("Reprise des tâches bloquées impossible pour l'instant.")
            await asyncio.sleep(settings.WORKER_HEARTBEAT_SECONDS)
