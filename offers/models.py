"""Commercial offers a member company makes to the other members (the Christmas market, and all year)."""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import is_active_member
from directory.search import normalize, query_words
from members.models import Company
from reference.models import Sector

# What the keyword search reads, normalized (lowercase, no accents) into Offer.search_text.
SEARCHED_FIELDS = ("title", "description", "conditions", "discount")


def photo_upload_to(instance: "Offer", filename: str) -> str:
    # Random names: an uploaded file's name is never trusted nor guessable.
    return f"offers/{uuid.uuid4().hex}.png"


class OfferQuerySet(models.QuerySet):
    def live(self, today=None) -> "OfferQuerySet":
        """What members see: published, still valid today, from an active member company."""
        today = today or timezone.localdate()
        return self.filter(
            status=Offer.Status.PUBLISHED, valid_until__gte=today, company__status=Company.Status.ACTIVE
        )

    def for_listing(self) -> "OfferQuerySet":
        """A card shows the company, its place, its trades and the event: all in two queries."""
        return self.select_related("company__commune__epci", "event").prefetch_related(
            Prefetch("company__sectors", queryset=Sector.objects.order_by("position", "name"))
        )

    def filter_by(
        self, *, sector: Sector | None = None, epci=None, christmas_market: bool = False
    ) -> "OfferQuerySet":
        if sector is not None:
            self = self.filter(company__sectors=sector)
        if epci is not None:
            self = self.filter(company__commune__epci=epci)
        if christmas_market:
            self = self.filter(event__kind="christmas_market")
        return self

    def search(self, raw: str) -> "OfferQuerySet":
        """The offers holding every word typed (as a prefix, accents and case ignored: the directory's
        normalization), stemmed by PostgreSQL within the list's own query; nothing when nothing
        in it can be searched."""
        words = query_words(raw)
        if not words:
            return self.none()
        # Only [a-z0-9] reach here (query_words), so the tsquery syntax cannot be injected.
        query = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="french")
        return self.filter(search_vector=query)


class Offer(models.Model):
    """A deal from one member to the others: a discount, conditions, a date until which it holds."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("publiée")
        WITHDRAWN = "withdrawn", _("retirée par l'entreprise")
        HIDDEN = "hidden", _("masquée par l'équipe")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="offers", verbose_name=_("entreprise")
    )
    title = models.CharField(_("titre"), max_length=120)
    description = models.TextField(_("description"), max_length=3000)
    conditions = models.TextField(
        _("conditions"), max_length=1500, blank=True, help_text=_("Minimum de commande, retrait, délais…")
    )
    discount = models.CharField(
        _("remise"), max_length=60, blank=True, help_text=_("Par exemple « -15 % » ou « livraison offerte ».")
    )
    valid_until = models.DateField(_("valable jusqu'au"))
    photo = models.ImageField(_("photo"), upload_to=photo_upload_to, blank=True)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        limit_choices_to={"kind": "christmas_market"},
        verbose_name=_("marché de Noël"),
    )

    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    hidden_reason = models.TextField(_("motif du masquage"), blank=True)
    hidden_at = models.DateTimeField(_("masquée le"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("masquée par"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publiée par"),
    )
    created_at = models.DateTimeField(_("publiée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    search_text = models.TextField(_("texte (recherche)"), blank=True, editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="french"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offre")
        verbose_name_plural = _("offres")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="offer_status_valid_until"),
            GinIndex(fields=["search_vector"], name="offer_search_gin"),
            # /media/ finds a file's owner by its name (jura_portal.media).
            models.Index(fields=["photo"], name="offer_photo", condition=~Q(photo="")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="hidden") | ~Q(hidden_reason=""), name="hidden_offer_has_a_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.company}"

    def save(self, *args, update_fields=None, **kwargs) -> None:
        # The search text follows its words, whoever saves them (services, admin).
        self.search_text = normalize(" ".join(str(getattr(self, name)) for name in SEARCHED_FIELDS))
        if update_fields is not None and set(update_fields) & set(SEARCHED_FIELDS):
            update_fields = [*update_fields, "search_text"]
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("offers:detail", args=[self.pk])

    def is_live(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.PUBLISHED
            and self.valid_until >= today
            and is_active_member(self.company)
        )

    def is_expired(self, today=None) -> bool:
        return self.valid_until < (today or timezone.localdate())
