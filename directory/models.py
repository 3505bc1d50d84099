"""The public directory: each member's listing (its choices and its search data) and
the changes to its name, logo or trades that wait for staff review."""

import uuid
from datetime import date

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from charter.standing import charter_in_good_standing
from members.models import Company
from reference.models import Commune, Epci, Sector


def listed_companies_q(today: date | None = None) -> Q:
    """Who the public sees: active, charter in good standing, dues in good standing, chose to be listed.

    Charter in good standing (charter.standing): the version in force signed, or, while its
    re-signing campaign is open (until its deadline, included), the previous one: a new version
    never removes anyone before its deadline. The one definition of the rule. The public pages
    do not evaluate it: it is written onto each listing as `Listing.is_public` by
    directory.services.listing_refresh_public (one company, when one of its inputs changes) and
    listings_refresh_public (in bulk: a charter version published, `charter_campaign` after a
    deadline, the daily `directory_reindex`, since a deadline and the dues' grace period end with
    time alone). Only ANDed EXISTS / NOT EXISTS: PostgreSQL turns them into hash (anti-)joins for
    the bulk update, probes for one company.
    """
    return (
        Q(status=Company.Status.ACTIVE, listing__is_listed=True)
        & charter_in_good_standing(today)
        & dues_condition(today)
    )


def dues_condition(today: date | None = None) -> Q:
    """Dues of the year paid or within grace (dues.standing)."""
    from dues.standing import dues_in_good_standing

    return dues_in_good_standing(today)


class ListingQuerySet(models.QuerySet):
    def listed(self) -> "ListingQuerySet":
        """The listings the public sees (`is_public`, kept from listed_companies_q), with what a card shows."""
        return self.filter(is_public=True).select_related("company__commune__epci")

    def with_cards(self) -> "ListingQuerySet":
        """Each listing's `trades`, the names of its company's trades in their order, in the same query
        (directory_cards: no prefetch query, no Sector objects)."""
        return self.annotate(
            trades=ArraySubquery(
                Sector.objects.filter(companies=models.OuterRef("company_id"))
                .order_by("position", "name")
                .values("name")
            )
        )


class Listing(models.Model):
    """A member company's place in the directory: visibility choices and normalized search data."""

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, related_name="listing", verbose_name=_("entreprise")
    )
    slug = models.SlugField(_("adresse de la fiche"), max_length=220, unique=True)
    is_listed = models.BooleanField(
        _("figurer dans l'annuaire"),
        default=True,
        help_text=_("Décochez pour retirer la fiche de l'annuaire public."),
    )
    # Phone and street address are a person's data for many small businesses: public only by
    # choice (made in the application, copied here when the listing is created, editable since).
    show_phone = models.BooleanField(_("afficher le téléphone"), default=False)
    show_email = models.BooleanField(_("afficher l'e-mail"), default=True)
    show_website = models.BooleanField(_("afficher le site internet"), default=True)
    show_address = models.BooleanField(_("afficher l'adresse"), default=False)
    # When the member last chose (application or listing editor). Listings older than the choice
    # keep what they showed and stay null: /espace/ asks their members to choose (docs/operations.md).
    contact_choices_confirmed_at = models.DateTimeField(
        _("choix des coordonnées publiques confirmé le"), null=True, blank=True, editable=False
    )
    # listed_companies_q() as of the last change of one of its inputs (see directory.services).
    is_public = models.BooleanField(
        _("visible du public"),
        default=False,
        editable=False,
        help_text=_(
            "Calculé : adhérent actif, charte signée (la version en vigueur, ou la précédente jusqu'à la "
            "date limite de signature), cotisation à jour, fiche publiée."
        ),
    )

    # Normalized (lowercase, no accents) by directory.search.normalize, written by the app.
    search_name = models.TextField(_("nom (recherche)"), blank=True, editable=False)
    search_trades = models.TextField(_("métiers (recherche)"), blank=True, editable=False)
    search_products = models.TextField(_("produits et commune (recherche)"), blank=True, editable=False)
    search_description = models.TextField(_("présentation (recherche)"), blank=True, editable=False)
    # The company's place, copied with the search data: filters and their counts read the listing alone.
    commune = models.ForeignKey(
        Commune, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    epci = models.ForeignKey(
        Epci,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,
    )
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("search_name", config="french", weight="A")
            + SearchVector("search_trades", config="french", weight="B")
            + SearchVector("search_products", config="french", weight="C")
            + SearchVector("search_description", config="french", weight="D")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche de l'annuaire")
        verbose_name_plural = _("fiches de l'annuaire")
        ordering = ["slug"]
        # Only the public listings are ever searched or listed: partial indexes, smaller and exact.
        indexes = [
            GinIndex(fields=["search_vector"], name="listing_public_search_gin", condition=Q(is_public=True)),
            models.Index(
                fields=["search_name", "id"], name="listing_public_name", condition=Q(is_public=True)
            ),
            # Counts per filter read every public listing: an index-only scan, not the wide rows.
            models.Index(fields=["company"], name="listing_public_company", condition=Q(is_public=True)),
        ]

    def __str__(self) -> str:
        return str(self.company)

    def get_absolute_url(self) -> str:
        return reverse("directory:detail", args=[self.slug])


def pending_logo_upload_to(instance: "ListingChange", filename: str) -> str:
    return f"logos/{uuid.uuid4().hex}.png"


class ListingChangeQuerySet(models.QuerySet):
    def pending(self) -> "ListingChangeQuerySet":
        return self.filter(status=ListingChange.Status.PENDING)


class ListingChange(models.Model):
    """A change to a listing's name, logo or trades, waiting for staff before it goes live."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente de validation")
        APPROVED = "approved", _("approuvée")
        REJECTED = "rejected", _("refusée")
        CANCELLED = "cancelled", _("annulée par l'adhérent")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="listing_changes", verbose_name=_("entreprise")
    )
    # Each part is proposed only when it differs from what is live.
    change_name = models.BooleanField(_("changer le nom"), default=False)
    trade_name = models.CharField(_("nom commercial proposé"), max_length=200, blank=True)
    change_logo = models.BooleanField(_("changer le logo"), default=False)
    logo = models.ImageField(_("logo proposé"), upload_to=pending_logo_upload_to, blank=True)
    change_sectors = models.BooleanField(_("changer les métiers"), default=False)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+", verbose_name=_("métiers proposés"))

    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("demandée par")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    objects = ListingChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("modification de fiche à valider")
        verbose_name_plural = _("modifications de fiche à valider")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"], condition=Q(status="pending"), name="one_pending_listing_change"
            )
        ]
        # /media/ finds a file's owner by its name (jura_portal.media).
        indexes = [models.Index(fields=["logo"], name="listingchange_logo", condition=~Q(logo=""))]

    def __str__(self) -> str:
        return f"{self.company} — {self.summary}"

    @property
    def summary(self) -> str:
        parts = []
        if self.change_name:
            parts.append(str(_("nom")))
        if self.change_logo:
            parts.append(str(_("logo")))
        if self.change_sectors:
            parts.append(str(_("métiers")))
        return ", ".join(parts)
