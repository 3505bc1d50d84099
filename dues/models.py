"""Annual dues: fee schedules, invoices, credit notes, payments and their numbering.

An issued invoice is a legal document: it is never edited nor deleted. The only
moves are issued -> paid and issued -> cancelled (by a credit note), made by the
services through `save(update_fields=["status", "paid_on"])`; anything else is
refused here, whatever the caller (admin, shell, a careless script).
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.formats import euros
from dues.errors import DuesError
from members.models import Company


class FeeSchedule(models.Model):
    """The annual due of a membership year for a size band, set by staff."""

    year = models.PositiveSmallIntegerField(_("année d'adhésion"))
    size_band = models.CharField(_("effectif"), max_length=10, choices=Company.SizeBand.choices)
    amount_cents = models.PositiveIntegerField(_("montant (centimes)"))
    label = models.CharField(
        _("libellé"), max_length=200, blank=True, help_text=_("Ajouté à la désignation de la facture.")
    )

    class Meta:
        verbose_name = _("barème de cotisation")
        verbose_name_plural = _("barèmes de cotisation")
        ordering = ["-year", "size_band"]
        constraints = [
            models.UniqueConstraint(fields=["year", "size_band"], name="one_fee_per_year_and_band")
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.get_size_band_display()} — {euros(self.amount_cents)}"


class NumberSequence(models.Model):
    """The last number given for a prefix and a year; its row is locked while a number is taken."""

    prefix = models.CharField(_("préfixe"), max_length=20)
    year = models.PositiveSmallIntegerField(_("année"))
    last = models.PositiveIntegerField(_("dernier numéro"), default=0)

    class Meta:
        verbose_name = _("séquence de numérotation")
        verbose_name_plural = _("séquences de numérotation")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="one_sequence_per_prefix_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class ImmutableQuerySet(models.QuerySet):
    """Bulk deletes and updates would bypass Model.delete()/save(): legal documents stay as issued."""

    # The fields a bulk update may touch (the services' moves); anything else is refused.
    mutable_fields: frozenset[str] = frozenset()
    update_refused = _("Un avoir émis ne peut pas être modifié.")

    def delete(self):
        raise DuesError(_("Un document comptable émis ne peut pas être supprimé."))

    def update(self, **kwargs):
        if not set(kwargs) <= self.mutable_fields:
            raise DuesError(self.update_refused)
        return super().update(**kwargs)


class InvoiceQuerySet(ImmutableQuerySet):
    mutable_fields = frozenset({"status", "paid_on"})
    update_refused = _("Une facture émise ne peut pas être modifiée : émettez un avoir.")

    def with_totals(self) -> "InvoiceQuerySet":
        """Each invoice with `paid_cents` (succeeded payments) and `credited_cents`."""
        return self.annotate(
            paid_cents=Coalesce(Sum("payments__amount_cents", filter=Q(payments__status="succeeded")), 0),
            payment_count=Count("payments", filter=Q(payments__status="succeeded")),
        )

    def for_company_page(self, company: Company) -> "InvoiceQuerySet":
        """A company's invoices, newest first, with what the list page shows."""
        return (
            self.filter(company=company)
            .prefetch_related("credit_notes")
            .with_totals()
            .order_by("-issued_on", "-number")
        )

    def unpaid(self) -> "InvoiceQuerySet":
        return self.filter(status=Invoice.Status.ISSUED)

    def overdue(self, today) -> "InvoiceQuerySet":
        return self.unpaid().filter(due_on__lt=today)


class Invoice(models.Model):
    """A membership-year invoice. Issued once, then only paid or cancelled by a credit note."""

    class Kind(models.TextChoices):
        FIRST = "first", _("première adhésion")
        RENEWAL = "renewal", _("renouvellement")

    class Status(models.TextChoices):
        ISSUED = "issued", _("à payer")
        PAID = "paid", _("payée")
        CANCELLED = "cancelled", _("annulée (avoir)")

    MUTABLE_FIELDS = frozenset({"status", "paid_on"})

    number = models.CharField(_("numéro"), max_length=35, unique=True)
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("entreprise")
    )
    year = models.PositiveSmallIntegerField(_("année d'adhésion"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("désignation"), max_length=300)
    period_start = models.DateField(_("période du"))
    period_end = models.DateField(_("période au"))
    amount_cents = models.PositiveIntegerField(_("montant (centimes)"))
    issued_on = models.DateField(_("émise le"))
    due_on = models.DateField(_("échéance"))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    paid_on = models.DateField(_("payée le"), null=True, blank=True)
    buyer_name = models.CharField(_("client"), max_length=200)
    buyer_address = models.CharField(_("adresse du client"), max_length=400)
    buyer_siret = models.CharField(_("SIRET du client"), max_length=14)
    buyer_member_number = models.CharField(_("numéro d'adhérent"), max_length=20, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("émise par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("facture")
        verbose_name_plural = _("factures")
        ordering = ["-issued_on", "-number"]
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["year", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="paid", paid_on__isnull=False)
                | (~Q(status="paid") & Q(paid_on__isnull=True)),
                name="invoice_paid_on_iff_paid",
            ),
        ]
        permissions = [("manage_dues", _("Peut gérer les cotisations (relances, encaissements, avoirs)"))]

    def __str__(self) -> str:
        return f"{self.number} — {self.buyer_name}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS:
                raise DuesError(_("Une facture émise ne peut pas être modifiée : émettez un avoir."))
            stored = Invoice.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored != self.Status.ISSUED:
                raise DuesError(_("Une facture payée ou annulée ne change plus d'état."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DuesError(_("Une facture émise ne peut pas être supprimée : émettez un avoir."))

    @property
    def euros(self) -> str:
        return euros(self.amount_cents)

    @property
    def is_payable(self) -> bool:
        return self.status == self.Status.ISSUED


class CreditNote(models.Model):
    """An avoir: the cancellation of a whole invoice, with its own number. Never edited nor deleted."""

    number = models.CharField(_("numéro"), max_length=35, unique=True)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="credit_notes", verbose_name=_("facture annulée")
    )
    amount_cents = models.PositiveIntegerField(_("montant (centimes)"))
    reason = models.CharField(_("motif"), max_length=300)
    issued_on = models.DateField(_("émis le"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("émis par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("avoir")
        verbose_name_plural = _("avoirs")
        ordering = ["-issued_on", "-number"]
        constraints = [models.UniqueConstraint(fields=["invoice"], name="one_credit_note_per_invoice")]

    def __str__(self) -> str:
        return f"{self.number} (annule {self.invoice.number})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise DuesError(_("Un avoir émis ne peut pas être modifié."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DuesError(_("Un avoir émis ne peut pas être supprimé."))


class PaymentQuerySet(models.QuerySet):
    def succeeded(self) -> "PaymentQuerySet":
        return self.filter(status=Payment.Status.SUCCEEDED)


class Payment(models.Model):
    """Money asked for (created) then received (succeeded) or not (failed), against one invoice."""

    class Provider(models.TextChoices):
        HELLOASSO = "helloasso", _("HelloAsso")
        STRIPE = "stripe", _("Stripe (carte)")
        TRANSFER = "transfer", _("virement")
        CHEQUE = "cheque", _("chèque")
        DEMO = "demo", _("démonstration")

    class Status(models.TextChoices):
        CREATED = "created", _("en cours")
        SUCCEEDED = "succeeded", _("reçu")
        FAILED = "failed", _("échoué")

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="payments", verbose_name=_("facture")
    )
    provider = models.CharField(_("moyen de paiement"), max_length=20, choices=Provider.choices)
    provider_reference = models.CharField(_("référence"), max_length=200, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.CREATED)
    amount_cents = models.PositiveIntegerField(_("montant (centimes)"))
    paid_at = models.DateTimeField(_("payé le"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistré par"),
    )
    raw = models.JSONField(_("données du prestataire"), default=dict, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="one_payment_per_provider_reference",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} {self.provider_reference or self.pk} — {self.invoice.number}"

    @property
    def euros(self) -> str:
        return euros(self.amount_cents)


class Reminder(models.Model):
    """A dues reminder sent for an invoice at an offset from its due date, recorded so it goes once."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("facture")
    )
    offset_days = models.SmallIntegerField(
        _("décalage (jours)"),
        help_text=_("Négatif : avant l'échéance ; positif : après ; 0 : relance manuelle."),
    )
    manual = models.BooleanField(_("relance manuelle"), default=False)
    sent_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("envoyée par"),
    )

    class Meta:
        verbose_name = _("relance de cotisation")
        verbose_name_plural = _("relances de cotisation")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "offset_days"],
                condition=Q(manual=False),
                name="one_reminder_per_invoice_offset",
            )
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number} — {self.offset_days:+d} j"
