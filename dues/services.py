"""Every change of state of the dues: issuing, paying, cancelling. One function per arrow.

Order inside each: lock, check, change, save(update_fields=...), audit, signals
(inside the transaction), emails after commit. The payment providers
(dues/providers/) call `payment_start`, `payment_succeeded` and
`payment_failed`; staff's admin calls the others.
"""

import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import euros
from dues.errors import DuesError
from dues.models import CreditNote, FeeSchedule, Invoice, NumberSequence, Payment
from dues.signals import invoice_cancelled, invoice_issued, invoice_paid
from jura_portal import audit
from members import lifecycle
from members.models import Company, User
from members.notify import email_company

logger = logging.getLogger(__name__)
PARIS = ZoneInfo("Europe/Paris")

# Companies that are asked for the year's dues (a lapsed one owes its last invoice first).
INVOICED_STATUSES = (Company.Status.ACTIVE, Company.Status.SUSPENDED)


# --- Numbering -------------------------------------------------------------------------------


def next_number(prefix: str, year: int) -> str:
    """The next number of the sequence, taken under a row lock held until the caller's transaction ends.

    A rollback gives the number back (the counter's update rolls back with it): no gap.
    """
    # The first number of a year creates the row; concurrent creators wait for each other here.
    NumberSequence.objects.bulk_create([NumberSequence(prefix=prefix, year=year)], ignore_conflicts=True)
    sequence = NumberSequence.objects.select_for_update().get(prefix=prefix, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix}-{year}-{sequence.last:05d}"


def invoice_prefix() -> str:
    return settings.DUES_INVOICE_PREFIX


def credit_note_prefix() -> str:
    return f"{settings.DUES_INVOICE_PREFIX}-AV"


# --- Amounts and dates -------------------------------------------------------------------------


def _month_day(value: str, year: int) -> date:
    month, day = (int(part) for part in value.split("-"))
    return date(year, month, day)


def renewal_opens_on(year: int) -> date:
    """The day year `year`'s renewal invoices go out (in year - 1 by default)."""
    return _month_day(settings.DUES_RENEWAL_OPENS, year - 1)


def prorated(amount_cents: int, joined_on: date, year: int) -> tuple[int, date]:
    """What a member joining on `joined_on` owes for `year`, and from when (the DUES_PRORATION rule)."""
    if settings.DUES_PRORATION != "quarter" or joined_on.year != year:
        return amount_cents, date(year, 1, 1)
    quarter = (joined_on.month - 1) // 3  # 0..3
    quarters_left = 4 - quarter
    return round(amount_cents * quarters_left / 4), date(year, quarter * 3 + 1, 1)


def buyer_address(company: Company) -> str:
    town = company.commune.name if company.commune_id else ""
    place = " ".join(part for part in (company.postal_code, town) if part)
    return ", ".join(part for part in (company.address, place) if part)


# --- Issuing ---------------------------------------------------------------------------------


@transaction.atomic
def invoice_issue(
    *, company: Company, year: int, acting_user: User | None, today: date | None = None
) -> Invoice:
    """Issue the company's invoice for membership year `year` (first year prorated, renewals in full)."""
    today = today or timezone.localdate()
    company = Company.objects.select_for_update(of=("self",)).select_related("commune").get(pk=company.pk)
    if company.status not in (*INVOICED_STATUSES, Company.Status.LAPSED):
        raise DuesError(_("Seule une entreprise adhérente reçoit une facture de cotisation."))
    if company.invoices.filter(year=year).exclude(status=Invoice.Status.CANCELLED).exists():
        raise DuesError(_("Cette entreprise a déjà une facture pour l'année %(year)s.") % {"year": year})
    fee = FeeSchedule.objects.filter(year=year, size_band=company.size_band).first()
    if fee is None:
        raise DuesError(
            _(
                "Aucun barème de cotisation pour %(year)s et l'effectif « %(band)s » : créez-le dans l'administration."
            )
            % {"year": year, "band": company.get_size_band_display()}
        )
    joined_on = company.member_since or today
    kind = Invoice.Kind.FIRST if joined_on.year >= year else Invoice.Kind.RENEWAL
    amount_cents, period_start = prorated(fee.amount_cents, joined_on, year)
    if kind == Invoice.Kind.RENEWAL:
        period_start = date(year, 1, 1)
    period_end = date(year, 12, 31)
    term_due = today + timedelta(days=settings.DUES_PAYMENT_TERM_DAYS)
    due_on = (
        term_due if kind == Invoice.Kind.FIRST else max(term_due, _month_day(settings.DUES_RENEWAL_DUE, year))
    )

    description = _("Cotisation annuelle %(association)s %(year)s — %(band)s") % {
        "association": settings.ASSOCIATION["name"],
        "year": year,
        "band": company.get_size_band_display(),
    }
    if fee.label:
        description += f" — {fee.label}"
    if amount_cents != fee.amount_cents:
        description += _(
            " (adhésion en cours d'année : %(quarters)s trimestre(s) sur 4, du %(start)s au %(end)s)"
        ) % {
            "quarters": (period_end.month - period_start.month + 1) // 3,
            "start": period_start.strftime("%d/%m/%Y"),
            "end": period_end.strftime("%d/%m/%Y"),
        }

    invoice = Invoice.objects.create(
        number=next_number(invoice_prefix(), today.year),
        company=company,
        year=year,
        kind=kind,
        description=description[:300],
        period_start=period_start,
        period_end=period_end,
        amount_cents=amount_cents,
        issued_on=today,
        due_on=due_on,
        buyer_name=company.legal_name,
        buyer_address=buyer_address(company),
        buyer_siret=company.siret,
        buyer_member_number=company.member_number or "",
        issued_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
    )
    audit.record(
        acting_user,
        "invoice.issued",
        invoice,
        to_state=invoice.status,
        details={"number": invoice.number, "amount_cents": amount_cents, "year": year, "company": company.pk},
    )
    invoice_issued.send(Invoice, invoice=invoice, actor=acting_user)
    email_company(
        company,
        "dues_invoice_issued",
        {"invoice": invoice, "pay_url": pay_url(invoice), "amount": euros(amount_cents)},
    )
    return invoice


def invoice_issue_first(*, company: Company, acting_user: User | None) -> None:
    """The new member's first invoice, within the acceptance transaction (dues.receivers).

    Without a fee schedule for the year the acceptance still goes through (the
    association decides on members, not the treasurer's table): the invoice
    follows from `dues_renew` once staff enter the schedule.
    """
    year = timezone.localdate().year
    if not FeeSchedule.objects.filter(year=year, size_band=company.size_band).exists():
        logger.warning(
            "No fee schedule for %s / %s: %s accepted without an invoice.", year, company.size_band, company
        )
        return
    invoice_issue(company=company, year=year, acting_user=acting_user)


def years_to_invoice(today: date) -> list[int]:
    """The current membership year, and next year's once its renewal has opened."""
    years = [today.year]
    if today >= renewal_opens_on(today.year + 1):
        years.append(today.year + 1)
    return years


def companies_to_invoice(year: int):
    """Members that have no invoice for `year` yet (a cancelled one counts: staff decided)."""
    return (
        Company.objects.filter(status__in=INVOICED_STATUSES)
        .exclude(invoices__year=year)
        .exclude(member_since__year__gt=year)
        .order_by("member_number", "pk")
    )


def dues_renew(*, today: date | None = None) -> dict[int, int]:
    """The scheduled job: issue each year's invoice to every member without one. Idempotent."""
    today = today or timezone.localdate()
    issued: dict[int, int] = {}
    for year in years_to_invoice(today):
        issued[year] = 0
        bands = set(FeeSchedule.objects.filter(year=year).values_list("size_band", flat=True))
        for company in companies_to_invoice(year).filter(size_band__in=bands):
            try:
                invoice_issue(company=company, year=year, acting_user=None, today=today)
            except DuesError as error:  # a status changed meanwhile: the next run sees it
                logger.info("Renewal of %s for %s skipped: %s", company, year, error)
                continue
            issued[year] += 1
    return issued


# --- Cancelling ------------------------------------------------------------------------------


@transaction.atomic
def invoice_cancel(
    *, invoice: Invoice, reason: str, acting_user: User, today: date | None = None
) -> CreditNote:
    """Cancel an unpaid invoice by a credit note (avoir) with its own number referencing it."""
    today = today or timezone.localdate()
    reason = " ".join((reason or "").split())
    if not reason:
        raise DuesError(_("Le motif de l'avoir est obligatoire : il figure sur le document."))
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status == Invoice.Status.CANCELLED:
        raise DuesError(_("Cette facture est déjà annulée par un avoir."))
    if invoice.status == Invoice.Status.PAID:
        raise DuesError(
            _("Une facture payée ne s'annule pas par un avoir ici : remboursez d'abord le membre.")
        )
    credit_note = CreditNote.objects.create(
        number=next_number(credit_note_prefix(), today.year),
        invoice=invoice,
        amount_cents=invoice.amount_cents,
        reason=reason[:300],
        issued_on=today,
        issued_by=acting_user,
    )
    invoice.status = Invoice.Status.CANCELLED
    invoice.save(update_fields=["status"])
    audit.record(
        acting_user,
        "invoice.cancelled",
        invoice,
        from_state=Invoice.Status.ISSUED,
        to_state=invoice.status,
        comment=reason,
        details={"credit_note": credit_note.number},
    )
    invoice_cancelled.send(Invoice, invoice=invoice, actor=acting_user)
    email_company(invoice.company, "dues_credit_note", {"invoice": invoice, "credit_note": credit_note})
    _reactivate_if_settled(
        invoice.company,
        acting_user,
        _("Facture %(number)s annulée par un avoir.") % {"number": invoice.number},
    )
    return credit_note


def invoices_cancel_on_leaving(
    *, company: Company, acting_user: User | None, today: date | None = None
) -> list[CreditNote]:
    """A member resigns or is excluded: its unpaid invoices of years not started yet are cancelled.

    Each by a credit note (emailed with its reason). The year under way stays owed: the company was
    a member during it. A year already paid is not refunded here (the treasurer decides).
    """
    today = today or timezone.localdate()
    leaving = _("démission") if company.status == Company.Status.RESIGNED else _("exclusion")
    credit_notes = []
    for invoice in Invoice.objects.filter(
        company=company, status=Invoice.Status.ISSUED, period_start__gt=today
    ).order_by("year"):
        reason = _(
            "Cotisation %(year)s non due : %(leaving)s du réseau enregistrée le %(date)s, avant le début "
            "de l'année."
        ) % {"year": invoice.year, "leaving": leaving, "date": today.strftime("%d/%m/%Y")}
        credit_notes.append(
            invoice_cancel(invoice=invoice, reason=reason, acting_user=acting_user, today=today)
        )
    return credit_notes


# --- Payments (the providers' side) ----------------------------------------------------------


@transaction.atomic
def payment_start(
    *, invoice: Invoice, provider: str, provider_reference: str, amount_cents: int, raw: dict | None = None
) -> Payment:
    """Record that a checkout started for `invoice` (a `created` payment)."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status == Invoice.Status.PAID:
        raise DuesError(_("Cette facture est déjà payée."))
    if invoice.status == Invoice.Status.CANCELLED:
        raise DuesError(_("Cette facture a été annulée par un avoir : elle n'est plus à payer."))
    if amount_cents <= 0:
        raise DuesError(_("Le montant à payer doit être positif."))
    existing = Payment.objects.filter(provider=provider, provider_reference=provider_reference).first()
    if provider_reference and existing is not None:
        if existing.invoice_id != invoice.pk:
            raise DuesError(_("Cette référence de paiement est déjà utilisée pour une autre facture."))
        return existing
    payment = Payment.objects.create(
        invoice=invoice,
        provider=provider,
        provider_reference=provider_reference,
        amount_cents=amount_cents,
        raw=raw or {},
    )
    audit.record(
        None,
        "payment.started",
        invoice,
        details={"provider": provider, "reference": provider_reference, "amount_cents": amount_cents},
    )
    return payment


@transaction.atomic
def payment_succeeded(
    *,
    provider: str,
    provider_reference: str,
    amount_cents: int,
    paid_at: datetime,
    raw: dict,
    acting_user: User | None = None,
) -> Payment:
    """Apply a confirmed payment exactly once; the invoice becomes paid when its payments cover it."""
    payment = (
        Payment.objects.select_for_update()
        .filter(provider=provider, provider_reference=provider_reference)
        .exclude(provider_reference="")
        .first()
    )
    if payment is None:
        raise DuesError(_("Paiement inconnu : aucune facture n'attend cette référence."))
    if payment.status == Payment.Status.SUCCEEDED:
        return payment  # a repeated notification or return: counted once
    previous = payment.status
    payment.status = Payment.Status.SUCCEEDED
    payment.amount_cents = amount_cents
    payment.paid_at = paid_at
    payment.raw = raw or payment.raw
    payment.save(update_fields=["status", "amount_cents", "paid_at", "raw", "updated_at"])
    audit.record(
        acting_user,
        "payment.succeeded",
        payment.invoice,
        from_state=previous,
        to_state=payment.status,
        details={"provider": provider, "reference": provider_reference, "amount_cents": amount_cents},
    )
    _settle(payment.invoice_id, acting_user, paid_at)
    return payment


@transaction.atomic
def payment_failed(*, provider: str, provider_reference: str, raw: dict) -> Payment:
    """A checkout that did not go through (created -> failed); a settled payment is left as it is."""
    payment = (
        Payment.objects.select_for_update()
        .filter(provider=provider, provider_reference=provider_reference)
        .exclude(provider_reference="")
        .first()
    )
    if payment is None:
        raise DuesError(_("Paiement inconnu : aucune facture n'attend cette référence."))
    if payment.status != Payment.Status.CREATED:
        return payment
    payment.status = Payment.Status.FAILED
    payment.raw = raw or payment.raw
    payment.save(update_fields=["status", "raw", "updated_at"])
    audit.record(
        None,
        "payment.failed",
        payment.invoice,
        from_state=Payment.Status.CREATED,
        to_state=payment.status,
        details={"provider": provider, "reference": provider_reference},
    )
    return payment


@transaction.atomic
def payment_record_transfer(
    *, invoice: Invoice, method: str, amount_cents: int, received_on: date, reference: str, acting_user: User
) -> Payment:
    """Staff record a bank transfer or a cheque received for `invoice`."""
    if method not in (Payment.Provider.TRANSFER, Payment.Provider.CHEQUE):
        raise DuesError(_("Choisissez virement ou chèque."))
    if amount_cents <= 0:
        raise DuesError(_("Le montant reçu doit être positif."))
    if received_on > timezone.localdate():
        raise DuesError(_("La date de réception ne peut pas être dans le futur."))
    reference = (reference or "").strip()
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status == Invoice.Status.CANCELLED:
        raise DuesError(_("Cette facture a été annulée par un avoir : elle n'est plus à payer."))
    if invoice.status == Invoice.Status.PAID:
        raise DuesError(_("Cette facture est déjà payée."))
    paid_at = timezone.make_aware(datetime.combine(received_on, time(12)), PARIS)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                invoice=invoice,
                provider=method,
                provider_reference=reference,
                status=Payment.Status.SUCCEEDED,
                amount_cents=amount_cents,
                paid_at=paid_at,
                recorded_by=acting_user,
            )
    except IntegrityError as error:
        raise DuesError(
            _("Un paiement porte déjà cette référence : vérifiez qu'il n'est pas déjà enregistré.")
        ) from error
    audit.record(
        acting_user,
        "payment.recorded",
        invoice,
        to_state=payment.status,
        details={"provider": method, "reference": reference, "amount_cents": amount_cents},
    )
    _settle(invoice.pk, acting_user, paid_at)
    return payment


def _settle(invoice_id: int, acting_user: User | None, paid_at: datetime) -> None:
    """Mark the invoice paid once its succeeded payments cover it; reactivate a lapsed member."""
    invoice = Invoice.objects.select_for_update(of=("self",)).select_related("company").get(pk=invoice_id)
    if invoice.status != Invoice.Status.ISSUED:
        return  # paid twice or paid after a credit note: the excess shows in the admin
    received = invoice.payments.succeeded().aggregate(total=Sum("amount_cents"))["total"] or 0
    if received < invoice.amount_cents:
        return  # partial: still due, the balance shows in the admin
    invoice.status = Invoice.Status.PAID
    invoice.paid_on = timezone.localtime(paid_at, PARIS).date() if paid_at else timezone.localdate()
    invoice.save(update_fields=["status", "paid_on"])
    audit.record(
        acting_user,
        "invoice.paid",
        invoice,
        from_state=Invoice.Status.ISSUED,
        to_state=invoice.status,
        details={"received_cents": received},
    )
    invoice_paid.send(Invoice, invoice=invoice, actor=acting_user)
    email_company(
        invoice.company,
        "dues_invoice_paid",
        {"invoice": invoice, "amount": euros(received), "receipt_url": url("dues:receipt_pdf", invoice.pk)},
    )
    _reactivate_if_settled(
        invoice.company, acting_user, _("Cotisation payée (facture %(number)s).") % {"number": invoice.number}
    )


def _reactivate_if_settled(company: Company, acting_user: User | None, reason: str) -> None:
    from dues.standing import dues_in_good_standing

    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.status != Company.Status.LAPSED:
        return
    if Company.objects.filter(pk=company.pk).filter(dues_in_good_standing()).exists():
        lifecycle.company_reactivate(company=company, acting_user=acting_user, reason=reason)
        _issue_missed_renewals(company)


def _issue_missed_renewals(company: Company) -> None:
    """The invoices `dues_renew` skipped while the company was lapsed, issued as it comes back: a
    member paying last year's debt in January is listed at once, so it gets this year's invoice and
    licence at once too (not the next morning, with a licence still "expired" meanwhile)."""
    today = timezone.localdate()
    for year in years_to_invoice(today):
        if (
            companies_to_invoice(year).filter(pk=company.pk).exists()
            and FeeSchedule.objects.filter(year=year, size_band=company.size_band).exists()
        ):
            invoice_issue(company=company, year=year, acting_user=None, today=today)


# --- Links -----------------------------------------------------------------------------------


def url(name: str, *args) -> str:
    """An absolute link for an email; the dues list when that page is not there."""
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:
        return settings.SITE_URL + "/espace/cotisations/"


def pay_url(invoice: Invoice) -> str:
    """The link that leads straight to payment."""
    return url("dues:pay", invoice.pk)
