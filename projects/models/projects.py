"""Projects and their phases. The sequence of phases is fixed here; their names are staff's (PhaseName)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Company
from reference.models import Commune, Epci


class Phase(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("Diagnostic")
    OPPORTUNITY = "opportunity", _("Étude d'opportunité")
    FEASIBILITY = "feasibility", _("Faisabilité et porteur de projet")
    INCUBATION = "incubation", _("Incubation")
    LAUNCHED = "launched", _("Activité lancée")


# The order a project goes through; a Go at the gate ending phase N opens phase N + 1.
PHASE_SEQUENCE: list[str] = [
    Phase.DIAGNOSIS,
    Phase.OPPORTUNITY,
    Phase.FEASIBILITY,
    Phase.INCUBATION,
    Phase.LAUNCHED,
]


def next_phase(phase: str) -> str | None:
    """The phase after `phase`, or None for the last one (launched: no gate after it)."""
    index = PHASE_SEQUENCE.index(phase)
    return PHASE_SEQUENCE[index + 1] if index + 1 < len(PHASE_SEQUENCE) else None


class PhaseNameQuerySet(models.QuerySet):
    def labels(self) -> dict[str, str]:
        """Every phase's label: staff's name where they set one, the code's default otherwise (one query)."""
        custom = dict(self.values_list("phase", "label"))
        return {phase: custom.get(phase) or str(Phase(phase).label) for phase in PHASE_SEQUENCE}


class PhaseName(models.Model):
    """The name staff give a phase (« Étude d'opportunité » may become « Étude de marché »); the order stays."""

    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, unique=True)
    label = models.CharField(_("nom affiché"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    objects = PhaseNameQuerySet.as_manager()

    class Meta:
        verbose_name = _("nom de phase")
        verbose_name_plural = _("noms des phases")
        ordering = ["phase"]

    def __str__(self) -> str:
        return self.label


class ProjectQuerySet(models.QuerySet):
    def published(self) -> "ProjectQuerySet":
        """Projects staff chose to show on /projets/ (killed and archived ones too: the archive is public)."""
        return self.filter(is_published=True)

    def in_progress(self) -> "ProjectQuerySet":
        return self.filter(status__in=[Project.Status.IN_PROGRESS, Project.Status.ON_HOLD])

    def looking_for_partners(self) -> "ProjectQuerySet":
        """Published projects in progress with at least one role not covered by a confirmed commitment."""
        from projects.models.chain import Commitment, Role

        covered = Commitment.objects.filter(
            role=models.OuterRef("pk"), status__in=Commitment.COUNTED_STATUSES
        )
        open_roles = Role.objects.filter(project=models.OuterRef("pk")).exclude(models.Exists(covered))
        return self.published().filter(status=Project.Status.IN_PROGRESS).filter(models.Exists(open_roles))


class Project(models.Model):
    """A collective project: from a validated need to a launched activity, through gates."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("en cours")
        ON_HOLD = "on_hold", _("en attente")
        KILLED = "killed", _("abandonné")
        ARCHIVED = "archived", _("archivé")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)
    summary = models.TextField(_("résumé"), max_length=3000)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.DIAGNOSIS)
    phase_started_at = models.DateTimeField(_("phase commencée le"), default=timezone.now)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    is_published = models.BooleanField(
        _("publié"), default=False, help_text=_("Visible sur /projets/ (choix de l'équipe).")
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    epci = models.ForeignKey(
        Epci,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collective_projects",
        verbose_name=_("intercommunalité"),
    )

    # The holder takes the project over at the feasibility gate: a member company or a person.
    holder_company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_projects",
        verbose_name=_("porteur (entreprise adhérente)"),
    )
    holder_name = models.CharField(_("porteur de projet"), max_length=200, blank=True)
    handed_over_at = models.DateTimeField(_("transmis au porteur le"), null=True, blank=True)

    lessons_learned = models.TextField(_("enseignements"), blank=True)
    # The share of the project's funding staff aim at from its own revenue (services sold), in percent.
    target_own_revenue_percent = models.PositiveSmallIntegerField(
        _("part visée de recettes propres (%)"), null=True, blank=True
    )

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("projet collectif")
        verbose_name_plural = _("projets collectifs")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(handed_over_at__isnull=True)
                | ~Q(holder_name="")
                | Q(holder_company__isnull=False),
                name="project_handover_has_a_holder",
            ),
            models.CheckConstraint(
                condition=Q(target_own_revenue_percent__isnull=True) | Q(target_own_revenue_percent__lte=100),
                name="project_target_ratio_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        try:
            return reverse("projects:detail", kwargs={"slug": self.slug})
        except NoReverseMatch:  # the public pages are another slice's; until they land
            return ""

    @property
    def holder_display(self) -> str:
        if self.holder_company_id:
            return str(self.holder_company)
        return self.holder_name

    def days_in_phase(self, now=None) -> int:
        return ((now or timezone.now()) - self.phase_started_at).days

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.KILLED, self.Status.ARCHIVED)
