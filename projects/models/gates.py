"""Gates: the committee's go / kill / hold / recycle decision at the end of each phase."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models.projects import Phase, Project


class Gate(models.Model):
    """The decision point ending a project's phase; one open gate per project at most."""

    class Status(models.TextChoices):
        OPEN = "open", _("ouverte")
        DECIDED = "decided", _("décidée")

    class Outcome(models.TextChoices):
        GO = "go", _("Go")
        KILL = "kill", _("Abandon (kill)")
        HOLD = "hold", _("En attente (hold)")
        RECYCLE = "recycle", _("À retravailler (recycle)")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="gates", verbose_name=_("projet")
    )
    phase = models.CharField(_("phase évaluée"), max_length=20, choices=Phase.choices)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("ouverte le"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ouverte par"),
    )
    outcome = models.CharField(_("décision"), max_length=10, choices=Outcome.choices, blank=True)
    recycle_to = models.CharField(_("retour à la phase"), max_length=20, choices=Phase.choices, blank=True)
    rationale = models.TextField(_("motivation"), blank=True)
    private_note = models.TextField(_("note interne du comité"), blank=True)
    public_summary = models.TextField(_("résumé public"), blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )

    class Meta:
        verbose_name = _("passage de jalon")
        verbose_name_plural = _("passages de jalon")
        ordering = ["-opened_at", "-pk"]
        permissions = [("decide_gate", _("Peut évaluer et décider un passage de jalon"))]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=Q(status="open"), name="one_open_gate_per_project"
            ),
            models.CheckConstraint(
                condition=Q(status="open", outcome="", decided_at__isnull=True)
                | (Q(status="decided", decided_at__isnull=False) & ~Q(outcome="")),
                name="gate_decided_has_an_outcome",
            ),
            models.CheckConstraint(
                condition=Q(outcome="recycle") | Q(recycle_to=""), name="only_recycle_goes_back"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.get_phase_display()}"


class GateCriterion(models.Model):
    """A must-meet or should-meet criterion of a gate, seeded from the phase's defaults (projects.criteria)."""

    class Kind(models.TextChoices):
        MUST = "must", _("impératif")
        SHOULD = "should", _("souhaitable")

    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("jalon"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("critère"), max_length=300)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["gate", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class ConflictDeclaration(models.Model):
    """A committee member declares a conflict of interest on a gate: they may not score it."""

    gate = models.ForeignKey(
        Gate, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("jalon")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("membre du comité"),
    )
    description = models.TextField(_("nature du conflit d'intérêts"))
    declared_at = models.DateTimeField(_("déclaré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("déclaration de conflit d'intérêts")
        verbose_name_plural = _("déclarations de conflit d'intérêts")
        ordering = ["declared_at"]
        constraints = [
            models.UniqueConstraint(fields=["gate", "member"], name="one_conflict_declaration_per_gate")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.gate}"


class Score(models.Model):
    """A committee member's score (0-5) on one criterion, with a comment. Staff-only."""

    criterion = models.ForeignKey(
        GateCriterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("critère")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("membre du comité"),
    )
    value = models.PositiveSmallIntegerField(_("note (0 à 5)"), validators=[MaxValueValidator(5)])
    comment = models.TextField(_("commentaire"), blank=True)
    scored_at = models.DateTimeField(_("noté le"), auto_now=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["criterion", "scored_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "criterion"], name="one_score_per_member_and_criterion"
            ),
            models.CheckConstraint(condition=Q(value__lte=5), name="score_between_0_and_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} : {self.value}/5"
