"""The dues demo shows invoices paid, due, overdue, partly paid and cancelled, and runs twice without duplicates."""

import pytest
from django.core.management import call_command

from dues.demo import load_dues
from dues.models import CreditNote, FeeSchedule, Invoice
from jura_portal.demo import load_people
from members.demo import load_charter, load_companies
from members.models import Company

pytestmark = pytest.mark.django_db


def test_the_demo_shows_every_state_of_an_invoice_and_runs_twice():
    call_command("load_reference", verbosity=0)
    load_people()
    load_charter()
    load_companies()

    summary = load_dues()

    assert "factures de cotisation" in summary
    assert FeeSchedule.objects.values("year").distinct().count() == 3
    assert set(Invoice.objects.values_list("status", flat=True)) == {"issued", "paid", "cancelled"}
    assert CreditNote.objects.count() == 1
    claire = Company.objects.get(legal_name="Fromagerie des Rousses SAS")
    assert claire.invoices.get().is_payable
    # Numbers follow the issue dates (within each year's sequence).
    by_date = list(Invoice.objects.order_by("issued_on", "created_at").values_list("number", flat=True))
    for year in {number[4:8] for number in by_date}:
        of_year = [number for number in by_date if number[4:8] == year]
        assert of_year == sorted(of_year)
    counts = (Invoice.objects.count(), CreditNote.objects.count())
    load_dues()
    assert (Invoice.objects.count(), CreditNote.objects.count()) == counts
