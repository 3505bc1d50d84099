"""The audit trail shared by every app."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django.models import ProcrastinateJob


class AuditEntry(models.Model):
    """One thing that happened: who did what to which object, when, and why."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("type d'objet")
    )
    target_id = models.CharField(_("identifiant de l'objet"), max_length=64, blank=True)
    target_repr = models.CharField(_("objet"), max_length=300, blank=True)
    from_state = models.CharField(_("état avant"), max_length=50, blank=True)
    to_state = models.CharField(_("état après"), max_length=50, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    details = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class RateCounter(models.Model):
    """Hits of one client (or key) on one rate-limited scope during one fixed window.

    Incremented atomically by jura_portal.ratelimit.hit (INSERT ... ON CONFLICT DO UPDATE), so the
    limit holds across processes and machines; rows are purged once their window is over.
    """

    scope = models.CharField(_("portée"), max_length=50)
    key = models.CharField(_("clé"), max_length=200)
    window_start = models.DateTimeField(_("début de la fenêtre"))
    expires_at = models.DateTimeField(_("fin de la fenêtre"), db_index=True)
    count = models.PositiveIntegerField(_("nombre"), default=0)

    class Meta:
        verbose_name = _("compteur de limite de débit")
        verbose_name_plural = _("compteurs de limite de débit")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="ratecounter_one_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class SentEmail(models.Model):
    """An e-mail handed to the mail server, by its key: a task run twice sends it once."""

    key = models.CharField(_("clé"), max_length=64, unique=True)
    to = models.CharField(_("destinataires"), max_length=300, blank=True)
    subject = models.CharField(_("objet"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("e-mail envoyé")
        verbose_name_plural = _("e-mails envoyés")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class JobRun(models.Model):
    """One run of a scheduled job (jura_portal/schedule.py), by the clock or by a staff member."""

    class Outcome(models.TextChoices):
        RUNNING = "running", _("en cours")
        SUCCEEDED = "succeeded", _("terminé")
        FAILED = "failed", _("en échec")

    job = models.CharField(_("travail"), max_length=50, db_index=True)
    started_at = models.DateTimeField(_("début"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    outcome = models.CharField(_("résultat"), max_length=20, choices=Outcome.choices, default=Outcome.RUNNING)
    output = models.TextField(_("compte rendu"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lancé par"),
    )

    class Meta:
        verbose_name = _("exécution d'un travail planifié")
        verbose_name_plural = _("exécutions des travaux planifiés")
        ordering = ["-started_at", "-pk"]
        permissions = [("run_scheduled_jobs", _("Peut lancer les travaux planifiés à la main"))]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"


class BackgroundTask(ProcrastinateJob):
    """A task of the queue (Procrastinate's table), as staff see it in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("tâche de fond")
        verbose_name_plural = _("tâches de fond")
        ordering = ["-id"]
        permissions = [("retry_backgroundtask", _("Peut relancer une tâche de fond"))]


class CachedPage(models.Model):
    """A public page as rendered for visitors without a session, shared by every process and machine.

    One row per address (`key`, a hash of the language, scheme, host, path and query string), overwritten when
    the page is rendered again: the row is only served while `version` is the public pages' version
    (jura_portal.pagecache) and `fresh_until` has not passed. The CSRF token of a form is stored as
    a placeholder and filled in for each visitor.
    """

    key = models.CharField(max_length=64, primary_key=True)
    path = models.CharField(max_length=2000)  # for people reading the table
    version = models.BigIntegerField()
    fresh_until = models.DateTimeField()
    etag = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)
    headers = models.JSONField(default=dict)  # the view's own headers (Content-Disposition...)
    has_token = models.BooleanField(default=False)
    body = models.TextField()
    rendered_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("page publique en cache")
        verbose_name_plural = _("pages publiques en cache")

    def __str__(self) -> str:
        return self.path
