"""Invoice numbers under concurrency: real threads, one PostgreSQL connection each."""

import threading
from datetime import date

import pytest
from django.db import connection, transaction

from dues import services
from dues.models import Invoice
from tests.factories.dues import fee_schedules, renewing_company

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 8  # the connection pool's size: every thread really holds its own connection
INVOICES = 50


class Abandoned(Exception):
    """Raised inside a transaction after a number was taken, to roll it back."""


def test_fifty_invoices_issued_by_parallel_transactions_get_fifty_continuous_numbers():
    fee_schedules(2027)
    companies = [renewing_company() for _ in range(INVOICES)]
    barrier = threading.Barrier(WORKERS)
    errors: list[str] = []

    def work(share: list) -> None:
        try:
            barrier.wait(timeout=10)
            for company in share:
                # A transaction that takes a number and then fails gives it back: no gap.
                try:
                    with transaction.atomic():
                        services.next_number(services.invoice_prefix(), 2027)
                        raise Abandoned
                except Abandoned:
                    pass
                services.invoice_issue(company=company, year=2027, acting_user=None, today=date(2027, 1, 5))
        except Exception as error:  # noqa: BLE001 - shown in the assertion
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(companies[i::WORKERS],)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"MIJ-2027-{n:05d}" for n in range(1, INVOICES + 1)]


def test_numbers_follow_the_order_of_issue_and_restart_each_year():
    fee_schedules(2027)
    fee_schedules(2028)
    first, second, third = renewing_company(), renewing_company(), renewing_company()

    a = services.invoice_issue(company=first, year=2027, acting_user=None, today=date(2027, 3, 1))
    b = services.invoice_issue(company=second, year=2027, acting_user=None, today=date(2027, 3, 2))
    c = services.invoice_issue(company=third, year=2028, acting_user=None, today=date(2028, 1, 2))

    assert [a.number, b.number, c.number] == ["MIJ-2027-00001", "MIJ-2027-00002", "MIJ-2028-00001"]
    assert max(len(i.number) for i in (a, b, c)) <= 35
