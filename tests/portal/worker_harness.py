"""Real worker processes and a real SMTP server, for the background-work fault tests and the bench."""

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """An SMTP server on 127.0.0.1 that keeps what it receives; `delay` slows each message down."""

    def __init__(self, port: int, delay: float = 0.0):
        self.port = port
        self.delay = delay
        self.received: list[dict] = []
        self.lock = threading.Lock()
        self.in_mail = threading.Event()  # a worker is in the middle of handing over a message
        self.controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        # The slow part comes before the message: a worker killed here has sent nothing.
        self.in_mail.set()
        await asyncio.sleep(self.delay)
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.in_mail.clear()
        with self.lock:
            self.received.append(
                {"subject": str(message["Subject"]), "message_id": str(message["Message-ID"])}
            )
        return "250 Message accepted"

    def start(self) -> "Mailbox":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def subjects(self) -> list[str]:
        with self.lock:
            return [m["subject"] for m in self.received]


def database_url() -> str:
    """The test database, for a process started by the test (TCP server or the embedded socket)."""
    s = connection.settings_dict
    host = s["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        host = urllib.parse.quote(host, safe="")
    port = f":{s['PORT']}" if s["PORT"] else ""
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{host}{port}/{s['NAME']}"


def worker_env(smtp_port: int, **extra: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jura_portal.settings",
        "DJANGO_SECRET_KEY": "tests-only-not-a-secret",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": database_url(),
        "DATABASE_POOL_MAX_SIZE": "2",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "WORKER_HEARTBEAT_SECONDS": "1",
        "WORKER_STALLED_AFTER_SECONDS": "3",
        "TASKS_RETRY_BASE_SECONDS": "1",
        "TASKS_MAX_ATTEMPTS": "30",
        "WORKER_POLL_SECONDS": "0.5",
    }
    env.update(extra)
    return env


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("WORKER_LOG", os.devnull), "a"),
    )


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (jobs: {job_counts()})")


def job_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, count(*) FROM procrastinate_jobs WHERE task_name = 'portal.run_task' GROUP BY status"
        )
        return dict(cursor.fetchall())


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


def empty_queue() -> None:
    """The queue's tables are not flushed between tests (Procrastinate's models are not managed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers, "
            "procrastinate_workers CASCADE"
        )
