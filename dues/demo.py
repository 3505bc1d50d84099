"""Demo data for `make run` (see jura_portal.demo): fee schedules and invoices in every state. Idempotent.

Invoices are issued through the services, in the order of their (past) issue dates,
so that numbers stay chronological. They are seeded once, on a database without
invoices; the fee schedules are completed at every run.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from dues import reminders, services
from dues.models import FeeSchedule, Invoice
from members.models import Company, User

PARIS = ZoneInfo("Europe/Paris")

# Annual dues per size band, in cents.
FEES = {
    Company.SizeBand.NONE: 12_000,
    Company.SizeBand.MICRO: 24_000,
    Company.SizeBand.SMALL: 48_000,
    Company.SizeBand.MEDIUM: 90_000,
    Company.SizeBand.LARGE: 150_000,
}

# (company legal name, days ago the invoice was issued, what happens to it)
PLAN = [
    ("Distillerie de Poligny", 100, "unpaid"),  # past the grace period: the member is lapsed
    ("Horlogerie Bailly", 95, "credit_note"),  # wrong size band: cancelled, then reissued and paid
    ("Pipes Chapuis", 90, "paid_transfer"),
    ("Perrard Plasturgie SAS", 85, "paid_transfer"),
    ("Salaisons du Haut-Doubs et du Jura", 80, "paid_online"),
    ("Miellerie du Revermont", 75, "paid_cheque"),
    ("Menuiserie Jeunet", 50, "unpaid"),  # overdue, reminded
    ("Brasserie de la Seille", 40, "partial"),
    ("Chocolaterie Dolois", 30, "paid_online"),
    ("Fromagerie des Rousses SAS", 10, "unpaid"),  # due in three weeks: Claire can pay it in the demo
]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=PARIS)


def load_fee_schedules(years: list[int]) -> int:
    created = 0
    for year in years:
        for band, amount in FEES.items():
            created += FeeSchedule.objects.get_or_create(
                year=year, size_band=band, defaults={"amount_cents": amount}
            )[1]
    return created


def load_dues() -> str:
    today = timezone.localdate()
    load_fee_schedules([today.year - 1, today.year, today.year + 1])
    if Invoice.objects.exists():
        return f"{Invoice.objects.count()} factures de cotisation"
    staff = User.objects.filter(is_superuser=True, email__endswith="@madeinjura.test").first()
    companies = {c.legal_name: c for c in Company.objects.filter(legal_name__in=[name for name, *_ in PLAN])}
    if staff is None or not companies:
        return ""
    for name, days_ago, fate in PLAN:
        company = companies.get(name)
        if company is None or company.status not in (*services.INVOICED_STATUSES, Company.Status.LAPSED):
            continue
        issued_on = today - timedelta(days=days_ago)
        # The demo members were all accepted today; their membership is older in this story.
        Company.objects.filter(pk=company.pk, member_since__gt=issued_on).update(
            member_since=date(issued_on.year - 2, 3, 1)
        )
        company.refresh_from_db()
        invoice = services.invoice_issue(
            company=company, year=issued_on.year, acting_user=None, today=issued_on
        )
        paid_on = issued_on + timedelta(days=12)
        reference = f"DEMO-{invoice.number}"
        if fate == "credit_note":
            services.invoice_cancel(
                invoice=invoice,
                reason="Effectif déclaré erroné : facture réémise au bon barème.",
                acting_user=staff,
                today=issued_on + timedelta(days=2),
            )
            invoice = services.invoice_issue(
                company=company, year=issued_on.year, acting_user=staff, today=issued_on + timedelta(days=2)
            )
            fate = "paid_cheque"
        if fate in ("paid_transfer", "paid_cheque"):
            services.payment_record_transfer(
                invoice=invoice,
                method="transfer" if fate == "paid_transfer" else "cheque",
                amount_cents=invoice.amount_cents,
                received_on=paid_on,
                reference=reference if fate == "paid_transfer" else f"CHQ {invoice.pk:07d}",
                acting_user=staff,
            )
        elif fate == "paid_online":
            services.payment_start(
                invoice=invoice,
                provider="demo",
                provider_reference=reference,
                amount_cents=invoice.amount_cents,
            )
            services.payment_succeeded(
                provider="demo",
                provider_reference=reference,
                amount_cents=invoice.amount_cents,
                paid_at=_at(paid_on),
                raw={"demo": True},
            )
        elif fate == "partial":
            services.payment_record_transfer(
                invoice=invoice,
                method="transfer",
                amount_cents=invoice.amount_cents // 2,
                received_on=paid_on,
                reference=reference,
                acting_user=staff,
            )
    sent = reminders.dues_send_reminders(today=today)
    return f"{Invoice.objects.count()} factures de cotisation ({sent} relance(s))"
