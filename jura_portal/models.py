"""The audit trail shared by every app."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class CachedPage(models.Model):
    """A public page as rendered for visitors without a session, shared by every process and machine.

    One row per address (`key`, a hash of the language, path and query string), overwritten when
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


class RateLimitCounter(models.Model):
    """Hits of one client on one rate-limited scope in one time window (jura_portal.ratelimit)."""

    key = models.CharField(max_length=250, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("compteur de limite de fréquence")
        verbose_name_plural = _("compteurs de limite de fréquence")

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
