"""`python -m bench.worker`: the background worker's throughput (e-mails per second) and the time
it takes to recover the task of a worker killed outright (kill -9).

It creates a scratch database next to the configured one (`<name>_worker_bench`, dropped at the
end), a local SMTP server, and real `manage.py worker` processes, as the tests do
(tests/portal/worker_harness.py). Recovery time is WORKER_STALLED_AFTER_SECONDS plus up to one
WORKER_HEARTBEAT_SECONDS: pass smaller values to see the mechanism, the defaults to see production.
"""

import argparse
import os
import subprocess
import sys
import time

import django

BENCH_DB_SUFFIX = "_worker_bench"


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.worker", description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=300, help="e-mails sent for the throughput (300)")
    parser.add_argument("--concurrency", type=int, default=1, help="jobs one worker runs at once (1)")
    parser.add_argument(
        "--stalled-after", type=int, default=int(os.environ.get("WORKER_STALLED_AFTER_SECONDS", 60))
    )
    parser.add_argument("--heartbeat", type=int, default=int(os.environ.get("WORKER_HEARTBEAT_SECONDS", 10)))
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jura_portal.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    if args.inner:
        django.setup()
        run(args)
        return
    django.setup()
    import psycopg
    from django.db import connection
    from psycopg import sql

    from tests.portal.worker_harness import ROOT, database_url

    base_url = database_url()
    name = f"{connection.settings_dict['NAME']}{BENCH_DB_SUFFIX}"
    params = connection.get_connection_params()
    params = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"} and v}
    connection.close()
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        env = {**os.environ, "DATABASE_URL": base_url.rsplit("/", 1)[0] + "/" + name}
        subprocess.run(
            [sys.executable, "-m", "bench.worker", "--inner", *(argv or sys.argv[1:])], cwd=ROOT, env=env
        )
    finally:
        with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def run(args) -> None:
    from jura_portal.emails import deliver
    from jura_portal.queue import ProcrastinateBackend
    from tests.portal.worker_harness import (
        ROOT,
        Mailbox,
        free_port,
        job_counts,
        start_worker,
        stop,
        wait_for,
        worker_env,
    )

    print("Base de mesure : migrations…", flush=True)
    env = worker_env(0)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)

    backend = ProcrastinateBackend("default", {})
    mailbox = Mailbox(free_port()).start()
    env = worker_env(
        mailbox.port,
        WORKER_STALLED_AFTER_SECONDS=str(args.stalled_after),
        WORKER_HEARTBEAT_SECONDS=str(args.heartbeat),
    )
    try:
        for n in range(args.emails):
            body = {"to": ["bench@example.org"], "subject": f"Mesure {n}", "body": "x", "key": f"bench-{n}"}
            backend.enqueue(deliver, [], body)
        worker = start_worker(env)
        try:
            wait_for(lambda: len(mailbox.received) >= 1, 120, "the first e-mail")
            started = time.monotonic()
            wait_for(lambda: len(mailbox.received) >= args.emails, 600, "every e-mail")
            elapsed = time.monotonic() - started
        finally:
            stop(worker)
        rate = (args.emails - 1) / elapsed if elapsed else float("inf")
        print(f"Débit : {args.emails} e-mails, {rate:.1f} e-mails/s (1 worker, SMTP local).", flush=True)

        mailbox.delay = 30  # the next message hangs in the worker's hands
        backend.enqueue(
            deliver, [], {"to": ["b@example.org"], "subject": "Bloqué", "body": "x", "key": "stalled"}
        )
        worker = start_worker(env)
        try:
            wait_for(lambda: job_counts().get("doing") == 1, 120, "the task to start")
            worker.kill()
            killed = time.monotonic()
            worker.wait()
            mailbox.delay = 0
            worker = start_worker(env)
            wait_for(
                lambda: "Bloqué" in mailbox.subjects(), args.stalled_after + args.heartbeat + 120, "recovery"
            )
            recovered = time.monotonic() - killed
        finally:
            stop(worker)
        print(
            f"Reprise d'une tâche dont le worker a été tué (kill -9) : {recovered:.1f} s "
            f"(WORKER_STALLED_AFTER_SECONDS={args.stalled_after}, WORKER_HEARTBEAT_SECONDS={args.heartbeat}).",
            flush=True,
        )
    finally:
        mailbox.stop()


if __name__ == "__main__":
    main()
