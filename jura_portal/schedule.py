"""The scheduled jobs, in one place: what runs, when, and what staff see before running it by hand.

Each job is a management command. The worker (`manage.py worker`, also started by `make run`)
defers each one at its time through Procrastinate's periodic tasks: a job is deferred once per
period whatever the number of workers (a unique row per job and time in PostgreSQL), and a run
missed while no worker ran (up to a day) is made up when a worker starts. Every job is
idempotent, so a run by hand on top of the clock's changes nothing twice.

Times are cron expressions in UTC (06:00 UTC is 07:00 in winter and 08:00 in summer in the Jura).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.management import call_command
from django.db import close_old_connections
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preview:
    """What a run would do now: a sentence with counts, and the first few lines of detail."""

    summary: str
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ScheduledJob:
    command: str  # the management command, also the job's name
    label: str
    cron: str  # UTC
    when: str  # the schedule, as staff read it
    description: str
    options: dict = field(default_factory=dict)
    preview: Callable[[date], Preview] | None = None


PREVIEW_LINES = 50


def preview_dues_renew(today: date) -> Preview:
    from dues.models import FeeSchedule
    from dues.services import companies_to_invoice, years_to_invoice

    parts, lines = [], []
    for year in years_to_invoice(today):
        bands = set(FeeSchedule.objects.filter(year=year).values_list("size_band", flat=True))
        companies = companies_to_invoice(year)
        billable = companies.filter(size_band__in=bands)
        count = billable.count()
        parts.append(_("%(n)s facture(s) seraient émises pour %(year)s") % {"n": count, "year": year})
        missing = companies.exclude(size_band__in=bands).count()
        if missing:
            parts.append(
                _("%(n)s adhérent(s) sans barème de cotisation pour %(year)s (rien ne sera émis)")
                % {"n": missing, "year": year}
            )
        lines += [
            f"{year} — {name}" for name in billable.values_list("legal_name", flat=True)[:PREVIEW_LINES]
        ]
    return Preview(summary=" ; ".join(parts) + ".", lines=lines)


def preview_dues_reminders(today: date) -> Preview:
    from dues.reminders import reminders_due

    due = list(reminders_due(today=today))
    lines = [
        _("%(company)s — facture %(number)s, échéance %(date)s (%(offset)+d j)")
        % {
            "company": invoice.company.legal_name,
            "number": invoice.number,
            "date": invoice.due_on.strftime("%d/%m/%Y"),
            "offset": offset,
        }
        for invoice, offset in due[:PREVIEW_LINES]
    ]
    return Preview(summary=_("%(n)s rappel(s) de cotisation partiraient.") % {"n": len(due)}, lines=lines)


def preview_dues_lapse(today: date) -> Preview:
    from dues.standing import dues_in_good_standing
    from members.models import Company

    companies = Company.objects.filter(status=Company.Status.ACTIVE).exclude(dues_in_good_standing(today))
    names = list(companies.order_by("legal_name").values_list("legal_name", flat=True)[:PREVIEW_LINES])
    return Preview(
        summary=_("%(n)s adhérent(s) passeraient « radié pour impayé ».") % {"n": companies.count()},
        lines=names,
    )


def preview_licence_expire(today: date) -> Preview:
    from licensing.models import LogoLicense

    due = LogoLicense.objects.live().filter(Q(valid_until__lt=today))
    return Preview(summary=_("%(n)s licence(s) expireraient.") % {"n": due.count()})


def preview_payments_reconcile(today: date) -> Preview:
    from dues.reconcile import payments_to_check

    payments = list(payments_to_check().select_related("invoice")[:PREVIEW_LINES])
    return Preview(
        summary=_("%(n)s paiement(s) en ligne non finalisé(s) seraient vérifiés auprès du prestataire.")
        % {"n": payments_to_check().count()},
        lines=[f"{p.get_provider_display()} — {p.invoice.number} ({p.provider_reference})" for p in payments],
    )


JOBS: list[ScheduledJob] = [
    ScheduledJob(
        "licence_expire",
        "Expiration des licences",
        "10 0 * * *",
        "chaque jour à 00:10 (UTC)",
        "Passe en « expirée » les licences du logo dont la date de fin est dépassée.",
        preview=preview_licence_expire,
    ),
    ScheduledJob(
        "charter_campaign",
        "Campagne de signature de la charte",
        "0 6 * * *",
        "chaque jour à 06:00 (UTC)",
        "Rappels avant l'échéance d'une nouvelle version de la charte, puis suspension des adhérents "
        "qui ne l'ont pas signée une fois l'échéance passée.",
    ),
    ScheduledJob(
        "dues_renew",
        "Renouvellement des cotisations",
        "10 6 * * *",
        "chaque jour à 06:10 (UTC)",
        "Émet la facture de l'année aux adhérents qui n'en ont pas (dès le 1er décembre pour l'année suivante).",
        preview=preview_dues_renew,
    ),
    ScheduledJob(
        "dues_reminders",
        "Rappels de cotisation",
        "20 6 * * *",
        "chaque jour à 06:20 (UTC)",
        "Envoie les rappels avant l'échéance et les relances après, une fois par facture et par palier.",
        preview=preview_dues_reminders,
    ),
    ScheduledJob(
        "dues_lapse",
        "Radiation pour impayé",
        "30 6 * * *",
        "chaque jour à 06:30 (UTC)",
        "Les adhérents dont la cotisation reste impayée après le délai de grâce quittent l'annuaire "
        "et leur licence est suspendue.",
        preview=preview_dues_lapse,
    ),
    ScheduledJob(
        "directory_reindex",
        "Mise à jour de l'annuaire",
        "40 6 * * *",
        "chaque jour à 06:40 (UTC)",
        "Recalcule qui figure dans l'annuaire (un délai de grâce se termine avec le temps seul).",
        options={"public_only": True},
    ),
    ScheduledJob(
        "event_reminders",
        "Rappels des événements",
        "0 8 * * *",
        "chaque jour à 08:00 (UTC)",
        "Envoie le rappel de la veille aux personnes inscrites à un événement, une fois chacune.",
    ),
    ScheduledJob(
        "payments_reconcile",
        "Vérification des paiements en ligne",
        "*/15 * * * *",
        "toutes les 15 minutes",
        "Redemande à HelloAsso ou Stripe l'état des paiements en ligne non finalisés, jusqu'à ce qu'ils "
        "le soient ou deviennent trop anciens : un paiement reçu finit toujours enregistré.",
        preview=preview_payments_reconcile,
    ),
    ScheduledJob(
        "clearsessions",
        "Nettoyage des sessions",
        "0 3 * * *",
        "chaque jour à 03:00 (UTC)",
        "Supprime les sessions expirées.",
    ),
    ScheduledJob(
        "prune_task_history",
        "Nettoyage de l'historique des tâches",
        "30 3 * * *",
        "chaque jour à 03:30 (UTC)",
        "Supprime les tâches de fond réussies et la trace des e-mails envoyés après 30 jours, les tâches "
        "échouées après 90 jours (durées annoncées sur /confidentialite/).",
    ),
    ScheduledJob(
        "privacy_purge",
        "Purges RGPD",
        "45 3 * * *",
        "chaque jour à 03:45 (UTC)",
        "Applique les durées de conservation annoncées sur /confidentialite/ : comptes jamais confirmés, "
        "comptes inutilisés, dossiers de candidature abandonnés, inscriptions d'invités non confirmées, "
        "inscriptions d'événements anciens ; copies périmées des pages publiques.",
    ),
]

BY_NAME = {job.command: job for job in JOBS}


def job_run(*, name: str, run_id: int | None = None) -> str:
    """Run one job now, recording its run (JobRun) with what the command printed."""
    from jura_portal.models import JobRun

    job = BY_NAME[name]
    if run_id is None:
        run = JobRun.objects.create(job=name)
    else:
        run = JobRun.objects.get(pk=run_id)
        run.started_at = timezone.now()
        run.outcome = JobRun.Outcome.RUNNING
        run.save(update_fields=["started_at", "outcome"])
    out = io.StringIO()
    try:
        with override("fr"):
            call_command(job.command, stdout=out, stderr=out, **job.options)
    except Exception as error:
        run.outcome = JobRun.Outcome.FAILED
        run.output = f"{out.getvalue()}\n{type(error).__name__}: {error}".strip()
        run.finished_at = timezone.now()
        run.save(update_fields=["outcome", "output", "finished_at"])
        raise
    run.outcome = JobRun.Outcome.SUCCEEDED
    run.output = out.getvalue().strip()
    run.finished_at = timezone.now()
    run.save(update_fields=["outcome", "output", "finished_at"])
    return run.output


def close_interrupted_runs(name: str) -> int:
    """Runs by the clock left « en cours » by a worker that died: marked failed, by the next run.

    Only when no other run of the job by the clock is under way in the queue (this one excepted):
    a run staff asked for (`started_by`) finishes or is tried again by the queue itself.
    """
    from django.db import connection

    from jura_portal.models import JobRun

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = %s AND status = 'doing'",
            [f"schedule.{name}"],
        )
        if cursor.fetchone()[0] > 1:
            return 0
    return JobRun.objects.filter(job=name, outcome=JobRun.Outcome.RUNNING, started_by__isnull=True).update(
        outcome=JobRun.Outcome.FAILED,
        finished_at=timezone.now(),
        output=_(
            "Exécution interrompue (worker arrêté en cours de route) : reprise par l'exécution suivante."
        ),
    )


@task()
def run_scheduled_job(*, name: str, run_id: int) -> None:
    """A run asked for by a staff member (the jobs page), in the background."""
    job_run(name=name, run_id=run_id)


def _register(job: ScheduledJob) -> None:
    # A job that fails is not retried by the queue: the next period runs it again, and staff see
    # the failure on the jobs page. The queueing lock keeps one run waiting at a time.
    def run(*, timestamp: int) -> None:
        close_old_connections()  # a connection broken by a database outage is not reused
        try:
            close_interrupted_runs(job.command)
            job_run(name=job.command)
        finally:
            close_old_connections()

    run.__name__ = run.__qualname__ = f"run_{job.command}"
    task = app.task(name=f"schedule.{job.command}", queueing_lock=f"schedule.{job.command}")(run)
    app.periodic(cron=job.cron, periodic_id=job.command)(task)
    TASKS[job.command] = task


TASKS: dict = {}
for _job in JOBS:
    _register(_job)
