import pytest
from django.test import RequestFactory

from jura_portal.ratelimit import hit, too_many_requests


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
def test_the_refusal_is_a_french_429_page():
    response = too_many_requests(RequestFactory().get("/"))
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert response["Retry-After"] == "60"
