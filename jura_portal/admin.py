"""Staff pages for background work: the tasks of the queue (with "retry"), and the scheduled jobs
(jura_portal/schedule.py) with their last run, a preview, a confirmation and a progress page."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from procrastinate.contrib.django import app as procrastinate_app
from procrastinate.contrib.django import models as procrastinate_models

from jura_portal import schedule
from jura_portal.models import BackgroundTask, JobRun

# Procrastinate's own admin pages are in English and read-only: staff use the French ones below.
for _model in (
    procrastinate_models.ProcrastinateJob,
    procrastinate_models.ProcrastinateEvent,
    procrastinate_models.ProcrastinatePeriodicDefer,
    procrastinate_models.ProcrastinateWorker,
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)

STATUS_LABELS = {
    "todo": gettext_lazy("en attente"),
    "doing": gettext_lazy("en cours"),
    "succeeded": gettext_lazy("terminée"),
    "failed": gettext_lazy("en échec"),
    "cancelled": gettext_lazy("annulée"),
    "aborting": gettext_lazy("interruption demandée"),
    "aborted": gettext_lazy("interrompue"),
}
TASK_LABELS = {
    "jura_portal.emails.deliver": gettext_lazy("E-mail"),
    "dues.providers.helloasso.helloasso_sync": gettext_lazy("Vérification d'un paiement HelloAsso"),
    "jura_portal.schedule.run_scheduled_job": gettext_lazy("Travail planifié lancé à la main"),
}


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("statut")
    parameter_name = "statut"

    def lookups(self, request, model_admin):
        return list(STATUS_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(admin.ModelAdmin):
    list_display = ["id", "description", "status_fr", "attempts", "scheduled_at", "last_event_at"]
    list_display_links = None
    list_filter = [StatusFilter]
    actions = ["retry"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(last_event_at=Max("procrastinateevent__at"))

    @admin.display(description=gettext_lazy("tâche"))
    def description(self, task: BackgroundTask) -> str:
        args = task.args or {}
        if task.task_name == "portal.run_task":
            label = TASK_LABELS.get(args.get("path", ""), args.get("path", ""))
            kwargs = args.get("kwargs") or {}
            detail = kwargs.get("subject") or kwargs.get("intent_id") or kwargs.get("name") or ""
            return f"{label} : {detail}" if detail else str(label)
        if task.task_name.startswith("schedule."):
            job = schedule.BY_NAME.get(task.task_name.removeprefix("schedule."))
            return _("Travail planifié : %(label)s") % {"label": job.label if job else task.task_name}
        return task.task_name

    @admin.display(description=gettext_lazy("statut"), ordering="status")
    def status_fr(self, task: BackgroundTask) -> str:
        return str(STATUS_LABELS.get(task.status, task.status))

    @admin.display(description=gettext_lazy("dernier événement"), ordering="last_event_at")
    def last_event_at(self, task: BackgroundTask):
        return task.last_event_at

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("jura_portal.retry_backgroundtask")

    @admin.action(description=gettext_lazy("Relancer les tâches choisies"), permissions=["retry"])
    def retry(self, request, queryset):
        retried = 0
        for task in queryset.filter(status__in=["failed", "cancelled", "aborted"]):
            procrastinate_app.job_manager.retry_job_by_id(job_id=task.pk, retry_at=timezone.now())
            retried += 1
        self.message_user(
            request,
            _("%(n)s tâche(s) relancée(s) ; les autres n'étaient pas en échec.") % {"n": retried},
            messages.SUCCESS,
        )


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """The changelist is the list of scheduled jobs; each has a preview, a confirmation and a run page."""

    list_display = ["job", "started_at", "finished_at", "outcome", "started_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("lancer/<str:name>/", view(self.launch), name="jura_portal_jobrun_launch"),
            path("suivi/<int:pk>/", view(self.progress), name="jura_portal_jobrun_progress"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        latest = JobRun.objects.filter(job=OuterRef("job")).order_by("-started_at", "-pk")
        last_runs = {
            run.job: run
            for run in JobRun.objects.filter(pk=Subquery(latest.values("pk")[:1])).select_related(
                "started_by"
            )
        }
        rows = [{"job": job, "last": last_runs.get(job.command)} for job in schedule.JOBS]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Travaux planifiés"),
            "rows": rows,
            "can_run": request.user.has_perm("jura_portal.run_scheduled_jobs"),
        }
        return TemplateResponse(request, "admin/jura_portal/jobrun/jobs.html", context)

    @staticmethod
    def _job(name: str) -> schedule.ScheduledJob:
        job = schedule.BY_NAME.get(name)
        if job is None:
            raise Http404
        return job

    def launch(self, request, name: str):
        if not request.user.has_perm("jura_portal.run_scheduled_jobs"):
            raise PermissionDenied
        job = self._job(name)
        if request.method == "POST":
            run = JobRun.objects.create(job=job.command, started_by=request.user)
            schedule.run_scheduled_job.enqueue(name=job.command, run_id=run.pk)
            messages.success(request, _("« %(label)s » est lancé en arrière-plan.") % {"label": job.label})
            return redirect(reverse("admin:jura_portal_jobrun_progress", args=[run.pk]))
        today = timezone.localdate()
        preview = job.preview(today) if job.preview else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Lancer « %(label)s »") % {"label": job.label},
            "job": job,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/jura_portal/jobrun/launch.html", context)

    def progress(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(JobRun.objects.select_related("started_by"), pk=pk)
        job = self._job(run.job)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("« %(label)s » : exécution du %(when)s")
            % {"label": job.label, "when": timezone.localtime(run.started_at).strftime("%d/%m/%Y %H:%M")},
            "job": job,
            "run": run,
            "running": run.outcome == JobRun.Outcome.RUNNING,
        }
        return TemplateResponse(request, "admin/jura_portal/jobrun/progress.html", context)
