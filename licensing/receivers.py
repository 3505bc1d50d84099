"""The licence follows the member: receivers of the members' and the dues' signals.

Each runs inside the transaction that changed the member or the invoice, so the
licence commits or rolls back with it.
"""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from dues.signals import invoice_issued, invoice_paid
from jura_portal import pagecache
from licensing import services
from licensing.models import LogoLicense, ProductLabel
from members.models import Company
from members.signals import company_status_changed

Status = Company.Status

# Licences and approved products show on the verification and member pages.
pagecache.watch(LogoLicense, ProductLabel)


def _live_licences(company: Company) -> list[LogoLicense]:
    return list(LogoLicense.objects.filter(company=company).live().order_by("year"))


@receiver(company_status_changed, dispatch_uid="licensing.follow_company_status")
def follow_company_status(sender, *, company: Company, previous: str, actor=None, **kwargs) -> None:
    today = timezone.localdate()
    if company.status == Status.ACTIVE:
        if previous == Status.APPLICANT:
            services.licence_grant(company=company, year=today.year, acting_user=actor)
            return
        for licence in _live_licences(company):
            if licence.valid_until < today:
                services.licence_expire(licence=licence, today=today)
            elif services.licence_year_settled(licence, today):
                if licence.status == LogoLicense.Status.SUSPENDED:
                    services.licence_activate(
                        licence=licence, acting_user=actor, reason=_("L'adhésion est de nouveau active.")
                    )
            else:
                services.licence_suspend(
                    licence=licence, acting_user=actor, reason=str(services.AWAITING_PAYMENT)
                )
    elif company.status in (Status.SUSPENDED, Status.LAPSED):
        reason = services.suspension_reason(company)
        for licence in _live_licences(company):
            services.licence_suspend(licence=licence, acting_user=actor, reason=reason)
    elif company.status in (Status.RESIGNED, Status.EXCLUDED):
        reason = (
            _("L'entreprise a quitté le réseau.")
            if company.status == Status.RESIGNED
            else _("L'entreprise a été exclue du réseau.")
        )
        for licence in _live_licences(company):
            services.licence_revoke(licence=licence, acting_user=actor, reason=reason)


def _licence_for_invoice(invoice, actor) -> LogoLicense | None:
    """The licence of the invoice's company and year, created if needed (members only)."""
    company = invoice.company
    if not company.is_member:
        return None
    licence = services.licence_grant(
        company=company,
        year=invoice.year,
        acting_user=actor,
    )
    period_start, period_end = getattr(invoice, "period_start", None), getattr(invoice, "period_end", None)
    if period_start and period_end:
        # Never valid before the company became a member, whatever the invoice's period says.
        if company.member_since and company.member_since > period_start:
            period_start = min(company.member_since, period_end)
        licence = services.licence_align_dates(
            licence=licence, valid_from=period_start, valid_until=period_end
        )
    return licence


@receiver(invoice_issued, dispatch_uid="licensing.licence_for_new_invoice")
def licence_for_new_invoice(sender, *, invoice, actor=None, **kwargs) -> None:
    """A first or renewal invoice gives the year's licence, suspended until it is paid."""
    _licence_for_invoice(invoice, actor)


@receiver(invoice_paid, dispatch_uid="licensing.activate_on_payment")
def activate_on_payment(sender, *, invoice, actor=None, **kwargs) -> None:
    licence = _licence_for_invoice(invoice, actor)
    if licence is not None and licence.status in (LogoLicense.Status.ACTIVE, LogoLicense.Status.SUSPENDED):
        services.licence_record_payment(licence=licence, acting_user=actor)
