"""Reminders at their offsets, each once; lapse after the grace period; payment reactivates. Time frozen."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from dues import reminders, services
from dues.models import Reminder
from dues.standing import dues_in_good_standing
from members.models import Company
from tests.factories.dues import fee_schedules, renewing_company

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def every_day(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


@pytest.fixture
def renewal(django_capture_on_commit_callbacks):
    """A member's 2027 renewal, issued on 1 December 2026, due on 31 January 2027."""
    fee_schedules(2027)
    company = renewing_company(legal_name="Scierie du Grandvaux SARL")
    with django_capture_on_commit_callbacks(execute=True):
        invoice = services.invoice_issue(
            company=company, year=2027, acting_user=None, today=date(2026, 12, 1)
        )
    assert invoice.due_on == date(2027, 1, 31)
    mail.outbox.clear()
    return invoice


def run_daily(start: date, end: date, command: str, capture) -> dict[date, list]:
    sent: dict[date, list] = {}
    for day in every_day(start, end):
        with time_machine.travel(datetime(day.year, day.month, day.day, 7, tzinfo=PARIS), tick=False):
            before = len(mail.outbox)
            with capture(execute=True):
                call_command(command)
            if len(mail.outbox) > before:
                sent[day] = mail.outbox[before:]
    return sent


def test_reminders_go_30_and_7_days_before_then_15_and_30_days_after_each_once(
    renewal, django_capture_on_commit_callbacks
):
    sent = run_daily(
        date(2026, 12, 1), date(2027, 3, 31), "dues_reminders", django_capture_on_commit_callbacks
    )

    assert list(sent) == [date(2027, 1, 1), date(2027, 1, 24), date(2027, 2, 15), date(2027, 3, 2)]
    assert [len(messages) for messages in sent.values()] == [1, 1, 1, 1]
    before, after = sent[date(2027, 1, 24)][0], sent[date(2027, 2, 15)][0]
    assert "à régler avant le 31 janvier 2027" in before.subject
    assert "dans 7 jours" in before.body
    assert "impayée" in after.subject
    assert "en retard de 15 jours" in after.body
    pay_link = "http://127.0.0.1:8000" + reverse("dues:pay", args=[renewal.pk])
    assert pay_link in before.body and pay_link in after.body
    assert Reminder.objects.filter(invoice=renewal).count() == 4


def test_offsets_come_from_the_settings(renewal, settings, django_capture_on_commit_callbacks):
    settings.DUES_REMINDER_DAYS_BEFORE = [10]
    settings.DUES_REMINDER_DAYS_AFTER = [5]
    sent = run_daily(
        date(2027, 1, 1), date(2027, 2, 28), "dues_reminders", django_capture_on_commit_callbacks
    )
    assert list(sent) == [date(2027, 1, 21), date(2027, 2, 5)]


def test_a_job_that_missed_days_sends_only_the_latest_reminder_due(
    renewal, django_capture_on_commit_callbacks
):
    sent = run_daily(
        date(2027, 2, 20), date(2027, 2, 20), "dues_reminders", django_capture_on_commit_callbacks
    )
    assert [len(m) for m in sent.values()] == [1]
    assert list(Reminder.objects.values_list("offset_days", flat=True)) == [15]


def test_a_paid_or_cancelled_invoice_gets_no_reminder(renewal, staff, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2026, 12, 20, 11, tzinfo=PARIS), tick=False):
        services.payment_record_transfer(
            invoice=renewal,
            method="transfer",
            amount_cents=renewal.amount_cents,
            received_on=date(2026, 12, 20),
            reference="VIR-1",
            acting_user=staff,
        )
    cancelled = services.invoice_issue(
        company=renewing_company(), year=2027, acting_user=None, today=date(2026, 12, 1)
    )
    services.invoice_cancel(invoice=cancelled, reason="Exonération", acting_user=staff)

    sent = run_daily(
        date(2026, 12, 20), date(2027, 3, 31), "dues_reminders", django_capture_on_commit_callbacks
    )

    assert sent == {}


def test_an_unpaid_member_lapses_the_day_after_the_grace_period_and_only_once(
    renewal, django_capture_on_commit_callbacks
):
    company = renewal.company
    grace_end = renewal.due_on + timedelta(days=60)  # 1 April 2027

    run_daily(date(2027, 3, 25), grace_end, "dues_lapse", django_capture_on_commit_callbacks)
    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE
    assert Company.objects.filter(dues_in_good_standing(grace_end), pk=company.pk).exists()

    sent = run_daily(
        grace_end + timedelta(days=1),
        grace_end + timedelta(days=5),
        "dues_lapse",
        django_capture_on_commit_callbacks,
    )
    company.refresh_from_db()
    assert company.status == Company.Status.LAPSED
    assert renewal.number in company.status_reason
    assert list(sent) == [date(2027, 4, 2)]  # the lapse email, once
    assert not Company.objects.filter(dues_in_good_standing(date(2027, 4, 2)), pk=company.pk).exists()


def test_paying_after_the_lapse_reactivates_the_member_and_it_stays_active(
    renewal, staff, django_capture_on_commit_callbacks
):
    company = renewal.company
    run_daily(date(2027, 4, 2), date(2027, 4, 2), "dues_lapse", django_capture_on_commit_callbacks)
    company.refresh_from_db()
    assert company.status == Company.Status.LAPSED

    with time_machine.travel(datetime(2027, 4, 10, 11, tzinfo=PARIS), tick=False):
        services.payment_record_transfer(
            invoice=renewal,
            method="cheque",
            amount_cents=renewal.amount_cents,
            received_on=date(2027, 4, 9),
            reference="CHQ 0042",
            acting_user=staff,
        )
    run_daily(date(2027, 4, 10), date(2027, 4, 12), "dues_lapse", django_capture_on_commit_callbacks)

    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE


def test_staff_can_send_a_reminder_now_even_outside_the_schedule(
    renewal, staff, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(datetime(2026, 12, 10, 11, tzinfo=PARIS), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders.invoice_remind(invoice=renewal, acting_user=staff)
        reminders.invoice_remind(invoice=renewal, acting_user=staff)
    assert len(mail.outbox) == 2
    assert Reminder.objects.filter(manual=True, sent_by=staff).count() == 2


def test_a_reminder_after_a_partial_payment_asks_only_for_what_remains(
    renewal, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime(2026, 12, 20, 10, tzinfo=PARIS), tick=False):
        services.payment_record_transfer(
            invoice=renewal,
            method="transfer",
            amount_cents=10_000,
            received_on=date(2026, 12, 20),
            reference="VIR-PARTIEL",
            acting_user=None,
        )
    mail.outbox.clear()

    sent = run_daily(date(2027, 1, 1), date(2027, 1, 1), "dues_reminders", django_capture_on_commit_callbacks)

    body = sent[date(2027, 1, 1)][0].body.replace("\u202f", " ").replace("\xa0", " ")
    assert "140,00 € restant à régler sur 240,00 €" in body
