"""Impact indicators, funding lines, and the people who follow a project's news."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from projects.models.projects import Project


class Indicator(models.Model):
    """An impact indicator of a project (bottles reused, jobs created...), with its baseline and target."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("projet")
    )
    name = models.CharField(_("indicateur"), max_length=200)
    unit = models.CharField(_("unité"), max_length=40)
    baseline = models.DecimalField(_("situation de départ"), max_digits=16, decimal_places=2, default=0)
    target = models.DecimalField(_("objectif"), max_digits=16, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("indicateur d'impact")
        verbose_name_plural = _("indicateurs d'impact")
        ordering = ["project", "position", "pk"]
        constraints = [
            models.UniqueConstraint("project", Lower("name"), name="one_indicator_name_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class IndicatorValue(models.Model):
    """The actual value of an indicator for a period (the period's first day)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicateur")
    )
    period = models.DateField(_("période"))
    value = models.DecimalField(_("valeur"), max_digits=16, decimal_places=2)
    recorded_at = models.DateTimeField(_("saisi le"), auto_now=True)

    class Meta:
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateur")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_value_per_indicator_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.period:%m/%Y} : {self.value.normalize():f}"


class Funding(models.Model):
    """A funding line of a project for a year, by source type."""

    class Source(models.TextChoices):
        PUBLIC_SUBSIDY = "public_subsidy", _("subvention publique")
        SERVICES_SOLD = "services_sold", _("prestations vendues")
        MEMBERS_PARTNERS = "members_partners", _("adhérents et partenaires")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("projet")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    source = models.CharField(_("origine"), max_length=20, choices=Source.choices)
    amount_cents = models.BigIntegerField(_("montant (centimes)"))
    funder = models.CharField(_("financeur"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("saisi le"), auto_now_add=True)

    class Meta:
        verbose_name = _("financement")
        verbose_name_plural = _("financements")
        ordering = ["-year", "project", "source"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="funding_amount_positive"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="funding_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year} — {self.get_source_display()}"


class Follower(models.Model):
    """Someone who asked for a project's news by email (opt-in; one-click unsubscribe deletes the row)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="followers", verbose_name=_("projet")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followed_projects",
        verbose_name=_("compte"),
    )
    email = models.EmailField(_("e-mail"))
    followed_at = models.DateTimeField(_("suivi depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")
        ordering = ["project", "followed_at"]
        constraints = [
            models.UniqueConstraint("project", Lower("email"), name="one_follow_per_email_and_project")
        ]

    def __str__(self) -> str:
        return self.email
