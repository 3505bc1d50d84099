"""The value chain: the roles a project needs, the stakeholders filling them, and their commitments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import numberformat
from django.utils.translation import gettext_lazy as _

from members.models import Company
from projects.models.projects import Project
from reference.models import Commune, Sector


class Unit(models.TextChoices):
    EUROS = "eur", _("€")
    SQUARE_METRES = "m2", _("m²")
    PALLET_PLACES = "pallets", _("places de palettes")
    DAYS = "days", _("jours")
    UNITS_PER_YEAR = "units_year", _("unités/an")
    OTHER = "other", _("autre")


class Role(models.Model):
    """A role the project's value chain needs (collection, logistics, washing, R&D, buyers...)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="roles", verbose_name=_("projet")
    )
    name = models.CharField(_("rôle"), max_length=200)
    is_critical = models.BooleanField(
        _("critique"),
        default=False,
        help_text=_("Sans lui la chaîne ne tient pas : requis au jalon d'opportunité."),
    )
    description = models.TextField(_("description"), blank=True)
    trades = models.ManyToManyField(
        Sector, blank=True, related_name="project_roles", verbose_name=_("métiers")
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("où (commune)"),
    )
    # What is sought, e.g. 20 pallet places (quantity_sought=20, unit=pallets): the public reads
    # « on cherche : 20 places de palettes à Dole ».
    quantity_sought = models.DecimalField(
        _("quantité recherchée"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unité"), max_length=20, choices=Unit.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("rôle de la chaîne de valeur")
        verbose_name_plural = _("rôles de la chaîne de valeur")
        ordering = ["project", "position", "pk"]
        constraints = [
            models.UniqueConstraint("project", Lower("name"), name="one_role_name_per_project"),
            models.CheckConstraint(
                condition=Q(quantity_sought__isnull=True) | Q(quantity_sought__gt=0),
                name="role_quantity_sought_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sought_display(self) -> str:
        """« 20 places de palettes à Dole », or the role's name when no quantity is set."""
        text = self.name
        if self.quantity_sought is not None:
            quantity = numberformat.format(
                self.quantity_sought.normalize(), ",", grouping=3, thousand_sep="\u202f", force_grouping=True
            )
            text = f"{quantity} {self.get_unit_display()}" if self.unit else quantity
        if self.commune_id:
            text = f"{text} à {self.commune.name}"
        return text


class Stakeholder(models.Model):
    """Who takes part: a member company of the directory, an outside organisation, or a person."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("entreprise adhérente")
        ORGANISATION = "organisation", _("organisation hors réseau")
        PERSON = "person", _("personne")

    class OrganisationType(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", _("collectivité")
        ASSOCIATION = "association", _("association")
        LAB = "lab", _("laboratoire, université")
        RETAILER = "retailer", _("commerce")
        OTHER = "other", _("autre")

    class Status(models.TextChoices):
        INVITED = "invited", _("invitée")
        INTERESTED = "interested", _("intéressée")
        ENGAGED = "engaged", _("partie prenante")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="stakeholders", verbose_name=_("projet")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    organisation_type = models.CharField(
        _("type d'organisation"), max_length=20, choices=OrganisationType.choices, blank=True
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_stakes",
        verbose_name=_("entreprise adhérente"),
    )
    name = models.CharField(_("nom"), max_length=200)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    role = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stakeholders",
        verbose_name=_("rôle principal"),
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.ENGAGED)
    added_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("partie prenante")
        verbose_name_plural = _("parties prenantes")
        ordering = ["project", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="member") | Q(company__isnull=False),
                name="member_stakeholder_has_a_company",
            ),
            models.CheckConstraint(
                condition=Q(kind="organisation") | Q(organisation_type=""),
                name="only_organisations_have_a_type",
            ),
            models.UniqueConstraint(
                fields=["project", "company"],
                condition=Q(company__isnull=False),
                name="one_stake_per_company_and_project",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Commitment(models.Model):
    """A line of the commitment ledger: what a stakeholder pledges for a role, pledged -> confirmed -> delivered
    (a pledge not yet confirmed is withdrawn when its member company leaves the network)."""

    class Kind(models.TextChoices):
        MONEY = "money", _("argent")
        SPACE = "space", _("espace")
        TIME = "time", _("temps")
        PURCHASE = "purchase", _("volume d'achat")
        OTHER = "other", _("autre")

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("promis")
        CONFIRMED = "confirmed", _("confirmé")
        DELIVERED = "delivered", _("réalisé")
        WITHDRAWN = "withdrawn", _("retiré")

    # The statuses that count for a role's coverage (a pledge is a promise, not yet a commitment).
    COUNTED_STATUSES = (Status.CONFIRMED, Status.DELIVERED)

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("partie prenante")
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("rôle")
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    unit = models.CharField(_("unité"), max_length=20, choices=Unit.choices)
    quantity = models.DecimalField(_("quantité"), max_digits=14, decimal_places=2)
    note = models.CharField(_("précision"), max_length=300, blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PLEDGED)
    pledged_at = models.DateTimeField(_("promis le"), auto_now_add=True)
    pledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("promis par"),
    )
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmé par"),
    )
    delivered_at = models.DateTimeField(_("réalisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["role", "pledged_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="commitment_quantity_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["pledged", "withdrawn"]) | Q(confirmed_at__isnull=False),
                name="confirmed_commitment_has_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False),
                name="delivered_commitment_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} — {self.quantity.normalize():f} {self.get_unit_display()}"
