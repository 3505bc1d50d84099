"""Needs of the territory (« besoins du territoire »), reported by anyone with an account."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import private_storage
from reference.models import Commune, Epci, Sector


def need_document_upload_to(instance: "Need", filename: str) -> str:
    # Random names: an uploaded file's name is never trusted nor guessable.
    return f"needs/{uuid.uuid4().hex}.pdf"


class NeedQuerySet(models.QuerySet):
    def public(self) -> "NeedQuerySet":
        """Needs staff chose to show (qualified ones only: a reported need is not reviewed yet)."""
        return self.filter(is_public=True, status=Need.Status.QUALIFIED)

    def awaiting_review(self) -> "NeedQuerySet":
        return self.filter(status=Need.Status.REPORTED)


class Need(models.Model):
    """A need of the territory: what, where, for whom, with what evidence and which trades it concerns."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("signalé")
        QUALIFIED = "qualified", _("qualifié")
        CLOSED = "closed", _("clos")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,  # an erased account leaves the need, without its author
        null=True,
        blank=True,
        related_name="reported_needs",
        verbose_name=_("signalé par"),
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description du besoin"), max_length=5000)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    epci = models.ForeignKey(
        Epci,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="territory_needs",
        verbose_name=_("intercommunalité"),
    )
    affected = models.TextField(_("qui est concerné"), max_length=2000, blank=True)
    evidence = models.TextField(_("éléments d'appui (chiffres, sources)"), max_length=5000, blank=True)
    evidence_document = models.FileField(
        _("document d'appui (PDF)"),
        upload_to=need_document_upload_to,
        storage=private_storage,
        blank=True,
    )
    trades = models.ManyToManyField(
        Sector, blank=True, related_name="territory_needs", verbose_name=_("métiers")
    )

    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.REPORTED)
    # Admissibility, ticked by staff when they qualify the need.
    in_territory = models.BooleanField(_("sur le territoire"), default=False)
    collective_interest = models.BooleanField(_("d'intérêt collectif"), default=False)
    not_already_covered = models.BooleanField(_("pas déjà couvert par un acteur existant"), default=False)
    closing_reason = models.TextField(_("motif de clôture"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Montré sur /projets/, sans données personnelles.")
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("projet"),
    )

    reported_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("examiné le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("examiné par"),
    )

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("besoin du territoire")
        verbose_name_plural = _("besoins du territoire")
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="qualified")
                | Q(in_territory=True, collective_interest=True, not_already_covered=True),
                name="qualified_need_is_admissible",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closing_reason=""), name="closed_need_has_a_reason"
            ),
            models.CheckConstraint(
                condition=Q(project__isnull=True) | Q(status="qualified"),
                name="only_qualified_needs_join_a_project",
            ),
        ]

    def __str__(self) -> str:
        return self.title
