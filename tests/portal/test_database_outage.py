"""The database goes away and comes back while the portal serves: /healthz says 503 within 3 s,
then everything recovers without restarting anything (web process and worker).

The "outage" is a TCP relay between the portal's processes and PostgreSQL that the test cuts
(every connection dropped, new ones refused) and restores.
"""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from jura_portal.emails import deliver
from jura_portal.queue import ProcrastinateBackend
from tests.portal.worker_harness import (
    ROOT,
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


class Relay:
    """A TCP front for PostgreSQL (TCP or Unix socket) that can be cut and restored."""

    def __init__(self, upstream):
        self.upstream = upstream  # (host, port) or a Unix socket path
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.down = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def connect_upstream(self) -> socket.socket:
        if isinstance(self.upstream, str):
            sock = socket.socket(socket.AF_UNIX)
            sock.connect(self.upstream)
            return sock
        return socket.create_connection(self.upstream)

    def accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            upstream = self.connect_upstream()
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def pipe(source: socket.socket, target: socket.socket):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.down = True
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            self.sockets.clear()

    def restore(self):
        self.down = False

    def close(self):
        self.cut()
        self.server.close()


def upstream_address():
    s = connection.settings_dict
    if s["HOST"].startswith("/"):
        return os.path.join(s["HOST"], f".s.PGSQL.{s['PORT'] or 5432}")
    return (s["HOST"] or "127.0.0.1", int(s["PORT"] or 5432))


def healthz(port: int) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as answer:
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, OSError):  # refused, reset or timed out
        status = 0
    return status, time.monotonic() - started


def test_healthz_answers_503_fast_during_an_outage_and_web_and_worker_recover_by_themselves():
    empty_queue()
    relay = Relay(upstream_address())
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    mailbox = Mailbox(free_port()).start()
    env = worker_env(mailbox.port, DATABASE_URL=f"postgres://{auth}@127.0.0.1:{relay.port}/{s['NAME']}")
    web_port = free_port()
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "jura_portal.wsgi", "-w", "1", "-b", f"127.0.0.1:{web_port}"],
        cwd=ROOT,
        env={**env, "DJANGO_ALLOWED_HOSTS": "127.0.0.1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = start_worker(env)
    try:
        wait_for(lambda: healthz(web_port)[0] == 200, 60, "the portal to start")

        relay.cut()
        status, elapsed = healthz(web_port)
        assert status == 503
        assert elapsed < 3
        status, elapsed = healthz(web_port)  # not only the first request: every one fails fast
        assert (status, elapsed < 3) == (503, True)
        time.sleep(3)  # the worker meets the outage too

        relay.restore()
        wait_for(lambda: healthz(web_port)[0] == 200, 30, "the portal to recover")
        assert worker.poll() is None  # the worker is still the same process
        ProcrastinateBackend("default", {}).enqueue(
            deliver, [], {"to": ["a@example.org"], "subject": "Après la panne", "body": "x", "key": "after"}
        )
        wait_for(lambda: job_counts().get("succeeded") == 1, 45, "the worker to resume")
        assert mailbox.subjects() == ["Après la panne"]
    finally:
        stop(worker)
        stop(web)
        relay.close()
        mailbox.stop()
