"""The territory (communes, former communes, intercommunalities) and the trades: reference data
every domain may use (members file companies by them, events and projects place themselves in them).

The models came from `members` (issue 13): their tables kept the names members gave them.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Epci(models.Model):
    """An intercommunality (établissement public de coopération intercommunale)."""

    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)

    class Meta:
        db_table = "members_epci"  # the table members created: the move kept the data
        verbose_name = _("intercommunalité")
        verbose_name_plural = _("intercommunalités")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune of the Jura, from the official geographic code (INSEE)."""

    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)
    postal_codes = ArrayField(models.CharField(max_length=5), verbose_name=_("codes postaux"), default=list)
    epci = models.ForeignKey(
        Epci, on_delete=models.PROTECT, related_name="communes", verbose_name=_("intercommunalité")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        db_table = "members_commune"  # the table members created: the move kept the data
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self) -> str:
        codes = ", ".join(self.postal_codes)
        return f"{self.name} ({codes})" if codes else self.name


class FormerCommune(models.Model):
    """A delegated or associated commune of the Jura: a former commune, now part of a current one.

    People still name their place so ("Morez", since 2016 part of Hauts de Bienne): it is accepted
    wherever a commune is typed and found by the directory's search, and stands for its commune.
    """

    class Kind(models.TextChoices):
        DELEGATED = "deleguee", _("commune déléguée")
        ASSOCIATED = "associee", _("commune associée")

    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("statut"), max_length=10, choices=Kind.choices)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="former_communes", verbose_name=_("commune actuelle")
    )

    class Meta:
        db_table = "members_formercommune"  # the table members created: the move kept the data
        verbose_name = _("commune déléguée ou associée")
        verbose_name_plural = _("communes déléguées ou associées")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.commune.name})"


class Sector(models.Model):
    """A trade or sector of activity ("qui fait quoi"), curated by staff."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("proposé"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        db_table = "members_sector"  # the table members created: the move kept the data
        verbose_name = _("métier / secteur")
        verbose_name_plural = _("métiers / secteurs")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
