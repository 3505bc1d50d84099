"""`make run`: prepare the database, then serve the portal and run the background worker."""

import os
import subprocess
import sys
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from jura_portal import demo


class Command(BaseCommand):
    help = "Migrate, load reference and demo data, run the task worker and the development server."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default=os.environ.get("ADDRPORT", "127.0.0.1:8000"))
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo data set.")

    def handle(self, *args, addrport: str, no_demo: bool, **options):
        if not settings.DEBUG:
            raise CommandError("devserver is for development: run it with DJANGO_DEBUG=1 (make run does).")
        # Django's autoreloader runs this command again in a child process
        # (RUN_MAIN=true): only the first process prepares and starts the worker.
        if os.environ.get("RUN_MAIN") == "true":
            call_command("runserver", addrport)
            return

        call_command("migrate", interactive=False, verbosity=1)
        call_command("createcachetable")
        call_command("load_reference")
        if not no_demo:
            call_command("load_demo")

        worker = WorkerKeeper()
        self.stdout.write(
            self.style.SUCCESS(f"\nLe portail : http://{addrport}/\n")
            + f"Administration : http://{addrport}/admin/ "
            f"(démo : {demo.DEMO_STAFF_EMAIL} / {demo.DEMO_STAFF_PASSWORD})\n"
            f"Un adhérent de démo : {demo.DEMO_PEOPLE[0][0]} / {demo.DEMO_MEMBER_PASSWORD}\n"
            + "Les e-mails sont écrits dans var/mail/ et résumés ici. Ctrl-C pour tout arrêter.\n"
        )
        try:
            call_command("runserver", addrport)
        except KeyboardInterrupt:
            pass
        finally:
            worker.stop()


class WorkerKeeper:
    """The background worker (tasks and scheduled jobs), started again whenever it dies."""

    def __init__(self, env: dict | None = None) -> None:
        self.env = env
        self.stopping = threading.Event()
        self.process = self.start()
        threading.Thread(target=self.watch, daemon=True).start()

    def start(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "manage.py", "worker"], cwd=settings.BASE_DIR, env=self.env)

    def watch(self) -> None:
        while not self.stopping.wait(2):
            if self.process.poll() is not None and not self.stopping.is_set():
                print("Le worker s'est arrêté : il redémarre.", file=sys.stderr)
                self.process = self.start()

    def stop(self) -> None:
        self.stopping.set()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
