"""Reminders and lapse: the dues the daily jobs chase, and the members whose grace period has ended.

The scheduled `dues_reminders` and `dues_lapse` commands call `dues_send_reminders` and `dues_lapse`;
staff's "Relancer" in the admin calls `invoice_remind`.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import euros
from dues.errors import DuesError
from dues.models import Invoice, Reminder
from dues.services import pay_url
from jura_portal import audit
from members import lifecycle
from members.errors import MembershipError
from members.models import Company, User
from members.notify import email_company

logger = logging.getLogger(__name__)
# Companies the reminders chase: they owe, and paying is what keeps (or brings back) their membership.
# A suspended member's situation is in staff's hands (a reminder would contradict it), a former
# member's remaining debt is the treasurer's to claim by hand ("Relancer" in the admin).
REMINDED_STATUSES = (Company.Status.ACTIVE, Company.Status.LAPSED)


def reminder_offsets() -> list[int]:
    """Offsets from the due date, in days (negative: before), earliest first."""
    before = [-abs(days) for days in settings.DUES_REMINDER_DAYS_BEFORE]
    after = [abs(days) for days in settings.DUES_REMINDER_DAYS_AFTER]
    return sorted(set(before + after))


def _send_reminder(invoice: Invoice, today: date) -> None:
    days = (invoice.due_on - today).days
    received = invoice.payments.succeeded().aggregate(total=Sum("amount_cents"))["total"] or 0
    email_company(
        invoice.company,
        "dues_reminder",
        {
            "invoice": invoice,
            # After a partial payment, what remains (and out of how much).
            "amount": euros(max(invoice.amount_cents - received, 0)),
            "total": euros(invoice.amount_cents) if received else "",
            "days_left": days,
            "days_late": -days,
            "pay_url": pay_url(invoice),
            "grace_ends": invoice.due_on + timedelta(days=settings.DUES_GRACE_DAYS),
        },
    )


def reminders_due(*, today: date):
    """(invoice, offset) of each reminder the job would send today, not sent yet (also the preview)."""
    offsets = reminder_offsets()
    candidates = (
        Invoice.objects.unpaid()
        .filter(due_on__lte=today + timedelta(days=-offsets[0]), company__status__in=REMINDED_STATUSES)
        .select_related("company")
    )
    already = set(
        Reminder.objects.filter(invoice__in=candidates, manual=False).values_list("invoice_id", "offset_days")
    )
    for invoice in candidates.iterator():
        reached = [o for o in offsets if invoice.due_on + timedelta(days=o) <= today]
        reached = [o for o in reached if invoice.due_on + timedelta(days=o) > invoice.issued_on]
        if reached and (invoice.pk, reached[-1]) not in already:
            yield invoice, reached[-1]


def dues_send_reminders(*, today: date | None = None) -> int:
    """The scheduled job: one reminder per invoice and offset reached, each sent once. Idempotent.

    Only to companies that owe and may pay to stay or become members again (REMINDED_STATUSES).
    Only the latest offset reached is sent (a job that missed days does not send
    three at once), and none dated on or before the invoice's issue.
    """
    today = today or timezone.localdate()
    sent = 0
    for invoice, offset in reminders_due(today=today):
        with transaction.atomic():
            locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
            if locked.status != Invoice.Status.ISSUED:
                continue
            if not Company.objects.filter(pk=locked.company_id, status__in=REMINDED_STATUSES).exists():
                continue  # suspended, resigned or excluded since the query
            _reminder, created = Reminder.objects.get_or_create(
                invoice=locked, offset_days=offset, manual=False
            )
            if not created:
                continue
            _send_reminder(invoice, today)
            audit.record(None, "invoice.reminder_sent", invoice, details={"offset_days": offset})
            sent += 1
    return sent


@transaction.atomic
def invoice_remind(*, invoice: Invoice, acting_user: User, today: date | None = None) -> Reminder:
    """Staff send a reminder now ("relancer"), whatever the schedule."""
    today = today or timezone.localdate()
    invoice = Invoice.objects.select_for_update(of=("self",)).select_related("company").get(pk=invoice.pk)
    if invoice.status != Invoice.Status.ISSUED:
        raise DuesError(_("Seule une facture à payer peut être relancée."))
    reminder = Reminder.objects.create(
        invoice=invoice, offset_days=(today - invoice.due_on).days, manual=True, sent_by=acting_user
    )
    _send_reminder(invoice, today)
    audit.record(acting_user, "invoice.reminder_sent", invoice, details={"manual": True})
    return reminder


def dues_lapse(*, today: date | None = None) -> int:
    """The scheduled job: active members with an invoice unpaid past the grace period lapse. Idempotent."""
    from dues.standing import dues_in_good_standing

    today = today or timezone.localdate()
    lapsed = 0
    for company in Company.objects.filter(status=Company.Status.ACTIVE).exclude(dues_in_good_standing(today)):
        invoice = Invoice.objects.filter(company=company).overdue(today).order_by("due_on").first()
        reason = _(
            "Cotisation impayée : facture %(number)s échue le %(date)s, délai de grâce de %(days)s jours dépassé."
        ) % {
            "number": invoice.number if invoice else "",
            "date": invoice.due_on.strftime("%d/%m/%Y") if invoice else "",
            "days": settings.DUES_GRACE_DAYS,
        }
        try:
            lifecycle.company_lapse(company=company, acting_user=None, reason=reason)
        except MembershipError:
            continue  # its status changed since the query (suspended, resigned...): nothing to lapse
        lapsed += 1
    return lapsed
