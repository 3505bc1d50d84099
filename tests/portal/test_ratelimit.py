import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from jura_portal.models import RateCounter
from jura_portal.ratelimit import hit, purge_expired, too_many_requests


@pytest.mark.django_db
def test_a_client_is_allowed_up_to_the_rate_then_refused():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    assert [hit(request, "verify", "3/m") for _ in range(4)] == [True, True, True, False]


@pytest.mark.django_db
def test_one_client_going_over_does_not_block_another():
    greedy = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    other = RequestFactory().get("/", REMOTE_ADDR="198.51.100.4")
    for _ in range(3):
        hit(greedy, "verify", "2/m")
    assert hit(other, "verify", "2/m")


@pytest.mark.django_db
def test_an_ipv6_client_changing_address_within_its_64_counts_as_one():
    addresses = [f"2001:db8:1234:5678::{n:x}" for n in range(1, 5)]
    hits = [hit(RequestFactory().get("/", REMOTE_ADDR=address), "verify", "3/m") for address in addresses]
    assert hits == [True, True, True, False]
    assert hit(RequestFactory().get("/", REMOTE_ADDR="2001:db8:1234:9999::1"), "verify", "3/m")


@pytest.mark.django_db
def test_an_hourly_limit_still_holds_after_ten_minutes():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    with time_machine.travel(datetime(2027, 3, 4, 9, 0, 5, tzinfo=UTC), tick=False) as traveller:
        assert all(hit(request, "guests", "10/h") for _ in range(10))
        traveller.shift(timedelta(minutes=10))
        assert not hit(request, "guests", "10/h")
        traveller.shift(timedelta(minutes=50))  # 10:00:05, a new hour
        assert hit(request, "guests", "10/h")


@pytest.mark.django_db
def test_a_daily_limit_holds_all_day_and_opens_again_the_next_day():
    request = RequestFactory().get("/")
    with time_machine.travel(datetime(2027, 3, 4, 0, 30, tzinfo=UTC), tick=False) as traveller:
        assert [hit(request, "invite", "2/d", key="company-7") for _ in range(3)] == [True, True, False]
        traveller.shift(timedelta(hours=23))
        assert not hit(request, "invite", "2/d", key="company-7")
        traveller.shift(timedelta(hours=1))
        assert hit(request, "invite", "2/d", key="company-7")


@pytest.mark.django_db
def test_counters_of_finished_windows_are_purged_and_the_current_ones_kept():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    with time_machine.travel(datetime(2027, 3, 4, 9, 0, tzinfo=UTC), tick=False) as traveller:
        hit(request, "verify", "30/m")
        hit(request, "guests", "10/h")
        traveller.shift(timedelta(minutes=2))

        assert purge_expired() == 1

        assert list(RateCounter.objects.values_list("scope", flat=True)) == ["guests"]


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_get_exactly_the_limit_and_no_more():
    limit, extra = 30, 5
    results: list[bool] = []
    start = threading.Barrier(limit + extra)

    def one_visit():
        try:
            start.wait()
            results.append(hit(RequestFactory().get("/", REMOTE_ADDR="203.0.113.9"), "verify", f"{limit}/h"))
        finally:
            connection.close()

    threads = [threading.Thread(target=one_visit) for _ in range(limit + extra)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count(True) == limit
    assert results.count(False) == extra


@pytest.mark.django_db(transaction=True)
def test_parallel_licence_checks_on_a_live_server_answer_exactly_the_limit(live_server, settings):
    import urllib.error
    import urllib.request

    settings.LICENCE_VERIFY_RATE = "20/h"
    statuses: list[int] = []
    url = live_server.url + reverse("licensing:verify", args=["MIJL0000XXXX"])

    def one_check():
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own test server)
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=one_check) for _ in range(25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses.count(429) == 5
    assert len(statuses) == 25


@pytest.mark.django_db
def test_the_refusal_is_a_french_429_page():
    response = too_many_requests(RequestFactory().get("/"))
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert response["Retry-After"] == "60"
