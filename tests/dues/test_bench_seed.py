"""The bench's dues seeder: one numbered invoice per member, payments for the paid ones; waits for companies."""

import pytest

from bench.dues import seed_invoices
from dues.models import Invoice, Payment
from tests.factories.dues import renewing_company

pytestmark = pytest.mark.django_db


def test_it_waits_for_the_companies_then_seeds_an_invoice_each():
    assert seed_invoices(0.01) is None

    companies = [renewing_company() for _ in range(5)]
    rows = seed_invoices(0.01)

    assert Invoice.objects.count() == len(companies)
    assert rows == Invoice.objects.count() + Payment.objects.count()
    paid = Invoice.objects.filter(status="paid").count()
    assert Payment.objects.filter(status="succeeded").count() == paid
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers[-1].endswith("00005")
