"""The public charter pages: the version in force, its history, past versions."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.charter import CharterVersionFactory

pytestmark = pytest.mark.django_db


def test_the_page_says_calmly_that_no_charter_is_published_yet(client):
    CharterVersionFactory(number=1, published_at=None, title="Brouillon secret")

    response = client.get(reverse("charter:current"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "en cours de préparation" in page
    assert "Brouillon secret" not in page


def test_the_page_shows_the_current_version_in_full_with_its_number_and_date(client):
    CharterVersionFactory(number=1, title="Première charte")
    CharterVersionFactory(
        number=2,
        title="Charte 2026",
        body="## Qualité\n\nNous fabriquons **dans le Jura**.",
        published_at=timezone.make_aware(datetime(2026, 3, 1, 10, 0)),
    )

    response = client.get(reverse("charter:current"))

    page = response.content.decode()
    assert response.context["version"].number == 2
    assert '<h1 id="titre-charte">Charte 2026</h1>' in page
    assert "<strong>dans le Jura</strong>" in page
    assert "Version 2, en vigueur depuis le 1 mars 2026" in page


def test_the_history_lists_published_versions_only_with_links(client):
    CharterVersionFactory(number=1, title="Première charte")
    CharterVersionFactory(number=2, title="Deuxième charte")
    CharterVersionFactory(number=3, title="Troisième en préparation", published_at=None)
    CharterVersionFactory(
        number=4, title="Programmée plus tard", published_at=timezone.now() + timedelta(days=3)
    )

    page = client.get(reverse("charter:current")).content.decode()

    assert reverse("charter:version", args=[1]) in page
    assert "Deuxième charte" in page
    assert "Troisième en préparation" not in page
    assert "Programmée plus tard" not in page


def test_a_past_version_is_public_and_says_it_is_no_longer_in_force(client):
    CharterVersionFactory(number=1, title="Première charte")
    CharterVersionFactory(number=2, title="Deuxième charte")

    response = client.get(reverse("charter:version", args=[1]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Première charte" in page
    assert "n&#x27;est plus en vigueur" in page or "n'est plus en vigueur" in page


def test_the_current_version_by_its_number_is_shown_as_in_force(client):
    CharterVersionFactory(number=1)

    response = client.get(reverse("charter:version", args=[1]))

    assert response.context["is_current"] is True
    assert "plus en vigueur" not in response.content.decode()


def test_an_unpublished_or_unknown_version_is_not_found(client):
    CharterVersionFactory(number=1)
    CharterVersionFactory(number=2, published_at=None)

    assert client.get(reverse("charter:version", args=[2])).status_code == 404
    assert client.get(reverse("charter:version", args=[9])).status_code == 404


def test_the_charter_text_cannot_carry_scripts(client):
    CharterVersionFactory(number=1, body="Texte <script>alert(1)</script> [lien](javascript:alert(2))")

    page = client.get(reverse("charter:current")).content.decode()

    assert "<script>alert(1)" not in page
    assert "javascript:alert" not in page


@pytest.mark.parametrize("url_name", ["charter:current", "charter:version"])
def test_the_charter_pages_cost_the_same_queries_whatever_the_number_of_versions(
    client, django_assert_max_num_queries, url_name
):
    for number in range(1, 31):
        CharterVersionFactory(number=number)
    args = [3] if url_name == "charter:version" else []

    with django_assert_max_num_queries(3):
        response = client.get(reverse(url_name, args=args))

    assert response.status_code == 200
    assert len(response.context["history"]) == 30
