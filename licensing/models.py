"""The exclusive right to use the Made in Jura logo, and the products that carry it.

A `LogoLicense` covers one company for one membership year (the calendar year).
Its code is what printed QR codes point to (/licence/<code>/): a company keeps
the same code from one year to the next while it stays a member, so that the
packaging printed last year still verifies once this year's dues are paid.
A revoked licence's code is never given again.
"""

import secrets
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Company

# No 0/O, 1/I/L: a code read aloud on the phone or typed from a label stays unambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31**12 ≈ 7.9e17 codes: not guessable, and rate-limited anyway


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """What a person typed or a scanner read ("abcd-efgh-jkmn") -> the stored form."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def format_code(code: str) -> str:
    """ "ABCDEFGHJKMN" -> "ABCD-EFGH-JKMN", easier to read on a label."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class LogoLicenseQuerySet(models.QuerySet):
    def valid_on(self, day: date | None = None) -> "LogoLicenseQuerySet":
        """Licences a consumer may trust on `day`: active and within their dates."""
        day = day or timezone.localdate()
        return self.filter(status=LogoLicense.Status.ACTIVE, valid_from__lte=day, valid_until__gte=day)

    def started(self, day: date | None = None) -> "LogoLicenseQuerySet":
        """Licences whose year has begun (a renewal prepared in December waits for January)."""
        return self.filter(valid_from__lte=day or timezone.localdate())

    def live(self) -> "LogoLicenseQuerySet":
        """Neither expired nor revoked: the licences a change of the member's status moves."""
        return self.filter(status__in=[LogoLicense.Status.ACTIVE, LogoLicense.Status.SUSPENDED])


class LogoLicense(models.Model):
    class Status(models.TextChoices):
        # A context: Django's own catalogue would translate a bare "active" as "Actif".
        ACTIVE = "active", pgettext_lazy("licence", "active")
        SUSPENDED = "suspended", _("suspendue")
        EXPIRED = "expired", _("expirée")
        REVOKED = "revoked", _("révoquée")

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="logo_licenses", verbose_name=_("entreprise")
    )
    year = models.PositiveSmallIntegerField(_("année d'adhésion"))
    code = models.CharField(_("code de vérification"), max_length=16, db_index=True, editable=False)
    valid_from = models.DateField(_("valable du"))
    valid_until = models.DateField(_("valable jusqu'au"))
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.SUSPENDED)
    status_reason = models.TextField(_("motif du statut"), blank=True)
    paid_at = models.DateTimeField(_("cotisation de l'année payée le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = LogoLicenseQuerySet.as_manager()

    class Meta:
        verbose_name = _("licence du logo")
        verbose_name_plural = _("licences du logo")
        ordering = ["-year", "company__legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["company", "year"], name="one_licence_per_company_and_year"),
            models.UniqueConstraint(fields=["code", "year"], name="licence_code_unique_per_year"),
            models.CheckConstraint(
                condition=Q(valid_from__lte=models.F("valid_until")), name="licence_dates_in_order"
            ),
        ]
        permissions = [("revoke_logolicense", _("Peut révoquer une licence du logo"))]

    def __str__(self) -> str:
        return f"{self.formatted_code} — {self.company} ({self.year})"

    @property
    def formatted_code(self) -> str:
        return format_code(self.code)

    def is_valid_on(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.status == self.Status.ACTIVE and self.valid_from <= day <= self.valid_until

    @property
    def is_valid(self) -> bool:
        return self.is_valid_on()


def label_photo_upload_to(instance: "ProductLabel", filename: str) -> str:
    return f"labels/{uuid.uuid4().hex}.png"


class ProductLabelQuerySet(models.QuerySet):
    def approved(self) -> "ProductLabelQuerySet":
        return self.filter(status=ProductLabel.Status.APPROVED).order_by("name")

    def to_review(self) -> "ProductLabelQuerySet":
        return self.filter(status=ProductLabel.Status.REQUESTED).order_by("created_at")


class ProductLabel(models.Model):
    """A product a member asks to stamp with the logo; staff decide."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("demandé")
        APPROVED = "approved", _("accordé")
        REJECTED = "rejected", _("refusé")
        WITHDRAWN = "withdrawn", _("retiré")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="product_labels", verbose_name=_("entreprise")
    )
    name = models.CharField(_("nom du produit"), max_length=150)
    description = models.TextField(_("description"), max_length=2000)
    photo = models.ImageField(_("photo"), upload_to=label_photo_upload_to)
    quality_reason = models.TextField(_("en quoi il respecte l'engagement qualité"), max_length=3000)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidé par"),
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ProductLabelQuerySet.as_manager()

    class Meta:
        verbose_name = _("produit labellisé")
        verbose_name_plural = _("produits labellisés")
        ordering = ["-created_at"]
        # /media/ finds a file's owner by its name (jura_portal.media).
        indexes = [models.Index(fields=["photo"], name="productlabel_photo", condition=~models.Q(photo=""))]
        permissions = [("review_productlabel", _("Peut examiner les demandes de label"))]

    def __str__(self) -> str:
        return f"{self.name} — {self.company}"
