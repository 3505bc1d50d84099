"""Every change of a logo licence or a product label: one function per arrow.

Licences follow the member (see licensing.receivers): created at acceptance,
active once the year's dues are paid, suspended with the member, revoked when it
leaves, expired after their last day (`manage.py licence_expire`). Staff revoke
one with a reason. Each change is audited; the member is emailed.
"""

from datetime import date

from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import is_active_member
from jura_portal import audit, emails
from jura_portal.files import delete_on_commit
from licensing.errors import LicensingError
from licensing.models import LogoLicense, ProductLabel, new_code
from members.models import Company, User
from members.notify import email_company

Status = LogoLicense.Status

AWAITING_PAYMENT = gettext_lazy("En attente du paiement de la cotisation de l'année.")


def membership_year_dates(year: int, today: date | None = None) -> tuple[date, date]:
    """A licence granted during its year starts on that day; a renewal starts on 1 January."""
    today = today or timezone.localdate()
    start = date(year, 1, 1)
    return (max(start, today) if today.year == year else start), date(year, 12, 31)


def suspension_reason(company: Company) -> str:
    """Why a licence of `company` is suspended, in the member's words."""
    if company.status == Company.Status.SUSPENDED:
        return _("L'adhésion de l'entreprise est suspendue.")
    if company.status == Company.Status.LAPSED:
        return _("La cotisation de l'entreprise est impayée.")
    return str(AWAITING_PAYMENT)


def licence_year_settled(licence: LogoLicense, today: date | None = None) -> bool:
    """Whether the dues allow the licence to be active (the member's status aside).

    Its year is paid; or it continues a year that was paid and the dues are still in good
    standing (a renewal not yet due, or within its grace period: DESIGN's "listed" rule).
    A new member's first licence waits for its first payment.
    """
    if licence.paid_at is not None:
        return True
    from dues.standing import dues_in_good_standing

    continues_a_paid_year = (
        LogoLicense.objects.filter(
            company_id=licence.company_id, year=licence.year - 1, paid_at__isnull=False
        )
        .exclude(status=Status.REVOKED)
        .exists()
    )
    return (
        continues_a_paid_year
        and Company.objects.filter(pk=licence.company_id).filter(dues_in_good_standing(today)).exists()
    )


def _code_for(company: Company) -> str:
    """The company's code of previous years (printed packaging keeps verifying), or a fresh one."""
    revoked_codes = LogoLicense.objects.filter(status=Status.REVOKED).values("code")
    previous = (
        LogoLicense.objects.filter(company=company)
        .exclude(code__in=revoked_codes)  # an older year may carry the code revoked since
        .order_by("-year")
        .first()
    )
    if previous is not None:
        return previous.code
    while True:
        code = new_code()
        if not LogoLicense.objects.filter(code=code).exists():
            return code


@transaction.atomic
def licence_grant(
    *,
    company: Company,
    year: int,
    acting_user: User | None,
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> LogoLicense:
    """Give the company its licence for `year` (idempotent).

    Suspended until that year's dues are paid, unless it continues a paid year of an active
    member (a renewal): that one stays active while the dues are within their grace period.
    """
    company = Company.objects.select_for_update().get(pk=company.pk)
    existing = LogoLicense.objects.filter(company=company, year=year).first()
    if existing is not None:
        return existing
    if not company.is_member:
        raise LicensingError(_("Seule une entreprise adhérente peut recevoir une licence du logo."))
    default_from, default_until = membership_year_dates(year)
    try:
        with transaction.atomic():
            licence = LogoLicense.objects.create(
                company=company,
                year=year,
                code=_code_for(company),
                valid_from=valid_from or default_from,
                valid_until=valid_until or default_until,
                status=Status.SUSPENDED,
                status_reason=suspension_reason(company),
            )
    except IntegrityError as error:  # an astronomically unlikely code collision with another company
        raise LicensingError(_("La licence n'a pas pu être créée : réessayez.")) from error
    if company.status == Company.Status.ACTIVE and licence_year_settled(licence):
        licence.status, licence.status_reason = Status.ACTIVE, ""
        licence.save(update_fields=["status", "status_reason", "updated_at"])
    audit.record(
        acting_user,
        "licence.granted",
        licence,
        to_state=licence.status,
        details={"year": year, "company_id": company.pk},
    )
    return licence


@transaction.atomic
def licence_align_dates(*, licence: LogoLicense, valid_from: date, valid_until: date) -> LogoLicense:
    """Match the licence to the period its invoice covers (the membership year, as billed)."""
    licence = LogoLicense.objects.select_for_update().get(pk=licence.pk)
    if (licence.valid_from, licence.valid_until) == (valid_from, valid_until) or valid_from > valid_until:
        return licence
    if licence.status in (Status.REVOKED, Status.EXPIRED):
        return licence
    before = f"{licence.valid_from}..{licence.valid_until}"
    licence.valid_from, licence.valid_until = valid_from, valid_until
    licence.save(update_fields=["valid_from", "valid_until", "updated_at"])
    audit.record(
        None,
        "licence.dates_aligned",
        licence,
        details={"before": before, "after": f"{valid_from}..{valid_until}"},
    )
    return licence


@transaction.atomic
def licence_record_payment(*, licence: LogoLicense, acting_user: User | None) -> LogoLicense:
    """The year's dues are paid: the licence becomes active if the member is."""
    licence = LogoLicense.objects.select_for_update().select_related("company").get(pk=licence.pk)
    if licence.paid_at is None:
        licence.paid_at = timezone.now()
        fields = ["paid_at", "updated_at"]
        if licence.status == Status.SUSPENDED and licence.status_reason == str(AWAITING_PAYMENT):
            # Paid, but the member is not active: the licence waits for that, not for the payment.
            licence.status_reason = suspension_reason(licence.company)
            fields.append("status_reason")
        licence.save(update_fields=fields)
        audit.record(acting_user, "licence.paid", licence, details={"year": licence.year})
    if licence.company.status == Company.Status.ACTIVE and licence.status == Status.SUSPENDED:
        _move(licence, Status.ACTIVE, acting_user, "licence.activated", "")
        email_company(licence.company, "licensing_licence_active", {"licence": licence})
    return licence


@transaction.atomic
def licence_activate(*, licence: LogoLicense, acting_user: User | None, reason: str = "") -> LogoLicense:
    """A suspended licence of an active member whose dues are paid (or within grace) becomes active again."""
    licence = LogoLicense.objects.select_for_update().select_related("company").get(pk=licence.pk)
    if licence.status != Status.SUSPENDED:
        raise LicensingError(_("Seule une licence suspendue peut être réactivée."))
    if not is_active_member(licence.company):
        raise LicensingError(_("L'entreprise n'est pas une adhérente active : sa licence reste suspendue."))
    if not licence_year_settled(licence):
        raise LicensingError(_("La cotisation de l'année n'est pas payée : la licence reste suspendue."))
    if licence.valid_until < timezone.localdate():
        raise LicensingError(_("Cette licence a dépassé sa date de fin : elle ne peut plus être réactivée."))
    _move(licence, Status.ACTIVE, acting_user, "licence.activated", reason)
    email_company(licence.company, "licensing_licence_active", {"licence": licence})
    return licence


@transaction.atomic
def licence_suspend(*, licence: LogoLicense, acting_user: User | None, reason: str) -> LogoLicense:
    """Suspend the licence (the member is suspended or in arrears)."""
    licence = LogoLicense.objects.select_for_update().get(pk=licence.pk)
    if licence.status not in (Status.ACTIVE, Status.SUSPENDED):
        raise LicensingError(_("Seule une licence active peut être suspendue."))
    if licence.status == Status.SUSPENDED and licence.status_reason == reason:
        return licence
    _move(licence, Status.SUSPENDED, acting_user, "licence.suspended", reason)
    return licence


@transaction.atomic
def licence_revoke(*, licence: LogoLicense, acting_user: User | None, reason: str) -> LogoLicense:
    """Withdraw the right to the logo for good (staff decision, or the member left). Its code dies with it."""
    if not reason.strip():
        raise LicensingError(_("Le motif de la révocation est obligatoire."))
    licence = LogoLicense.objects.select_for_update().select_related("company").get(pk=licence.pk)
    if licence.status == Status.REVOKED:
        raise LicensingError(_("Cette licence est déjà révoquée."))
    if licence.status == Status.EXPIRED:
        raise LicensingError(_("Cette licence a expiré : il n'y a plus rien à révoquer."))
    _move(licence, Status.REVOKED, acting_user, "licence.revoked", reason.strip())
    email_company(
        licence.company, "licensing_licence_revoked", {"licence": licence, "reason": reason.strip()}
    )
    return licence


@transaction.atomic
def licence_expire(*, licence: LogoLicense, today: date | None = None) -> bool:
    """Past its last day, the licence expires (scheduled job). True when it moved."""
    today = today or timezone.localdate()
    licence = LogoLicense.objects.select_for_update().get(pk=licence.pk)
    if licence.status not in (Status.ACTIVE, Status.SUSPENDED) or licence.valid_until >= today:
        return False
    _move(licence, Status.EXPIRED, None, "licence.expired", _("Fin de l'année d'adhésion."))
    return True


def _move(licence: LogoLicense, to: str, actor: User | None, action: str, reason: str) -> None:
    previous = licence.status
    licence.status = to
    licence.status_reason = reason
    licence.save(update_fields=["status", "status_reason", "updated_at"])
    audit.record(actor, action, licence, from_state=previous, to_state=to, comment=reason)


# --- Product labels ------------------------------------------------------------------------------


@transaction.atomic
def label_request(
    *,
    company: Company,
    acting_user: User,
    name: str,
    description: str,
    photo,
    quality_reason: str,
) -> ProductLabel:
    """A member asks to stamp a product with the logo. `photo` is already re-encoded (forms do it)."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not is_active_member(company):
        raise LicensingError(_("Seule une entreprise adhérente active peut demander un label produit."))
    label = ProductLabel(
        company=company,
        name=name.strip(),
        description=description.strip(),
        quality_reason=quality_reason.strip(),
    )
    label.photo.save("photo.png", photo, save=False)
    label.save()
    audit.record(
        acting_user, "label.requested", label, to_state=label.status, details={"company_id": company.pk}
    )
    _email_label_reviewers(label)
    return label


def _email_label_reviewers(label: ProductLabel) -> None:
    """Tell the staff who may grant labels that a request waits for them (as applications do)."""
    permission = Permission.objects.filter(
        content_type__app_label="licensing", codename="review_productlabel"
    ).first()
    reviewers = Q(is_superuser=True)
    if permission is not None:
        reviewers |= Q(groups__permissions=permission) | Q(user_permissions=permission)
    recipients = list(
        User.objects.filter(reviewers, is_active=True, is_staff=True)
        .values_list("email", flat=True)
        .distinct()
    )
    if recipients:
        emails.send_templated("licensing_label_to_review", to=recipients, context={"label": label})


@transaction.atomic
def label_approve(*, label: ProductLabel, acting_user: User, reason: str = "") -> ProductLabel:
    """Staff grant the logo to the product; the member is told."""
    label = _lock_label(label)
    if label.status != ProductLabel.Status.REQUESTED:
        raise LicensingError(_("Seule une demande en attente peut être accordée."))
    _decide(label, ProductLabel.Status.APPROVED, acting_user, reason.strip(), "label.approved")
    email_company(label.company, "licensing_label_approved", {"label": label})
    return label


@transaction.atomic
def label_reject(*, label: ProductLabel, acting_user: User, reason: str) -> ProductLabel:
    """Staff refuse the logo to the product, saying why; the member is told."""
    if not reason.strip():
        raise LicensingError(_("Le motif du refus est obligatoire : il est envoyé à l'adhérent."))
    label = _lock_label(label)
    if label.status != ProductLabel.Status.REQUESTED:
        raise LicensingError(_("Seule une demande en attente peut être refusée."))
    # A refused product is shown nowhere: its photo goes (the request and its reason stay).
    delete_on_commit(label.photo.storage, label.photo.name)
    label.photo = ""
    label.save(update_fields=["photo"])
    _decide(label, ProductLabel.Status.REJECTED, acting_user, reason.strip(), "label.rejected")
    email_company(label.company, "licensing_label_rejected", {"label": label})
    return label


@transaction.atomic
def label_withdraw(*, label: ProductLabel, acting_user: User, reason: str = "") -> ProductLabel:
    """The member stops using the logo on the product (or cancels its request)."""
    label = _lock_label(label)
    if label.status not in (ProductLabel.Status.REQUESTED, ProductLabel.Status.APPROVED):
        raise LicensingError(_("Seul un label accordé ou une demande en attente peut être retiré."))
    previous = label.status
    label.status = ProductLabel.Status.WITHDRAWN
    label.withdrawn_at = timezone.now()
    label.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit.record(
        acting_user, "label.withdrawn", label, from_state=previous, to_state=label.status, comment=reason
    )
    return label


def _lock_label(label: ProductLabel) -> ProductLabel:
    return ProductLabel.objects.select_for_update().select_related("company").get(pk=label.pk)


def _decide(label: ProductLabel, to: str, actor: User, reason: str, action: str) -> None:
    previous = label.status
    label.status = to
    label.decision_reason = reason
    label.decided_by = actor
    label.decided_at = timezone.now()
    label.save(update_fields=["status", "decision_reason", "decided_by", "decided_at", "updated_at"])
    audit.record(actor, action, label, from_state=previous, to_state=to, comment=reason)
