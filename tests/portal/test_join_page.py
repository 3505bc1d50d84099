"""The public "Adhérer" page, the web manifest and icons, the sitemap, and the weight of public pages."""

import gzip
import json
import re
from datetime import date

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.urls import reverse

from dues.models import FeeSchedule
from tests.factories.charter import CharterVersionFactory
from tests.factories.dues import fee_schedules

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 250_000  # bytes of HTML + CSS + JS on first load, as served (compressed by whitenoise)


def test_the_join_page_says_who_may_join_the_commitments_this_years_fees_and_the_steps(
    client, settings, django_assert_max_num_queries
):
    settings.MEMBERSHIP_REVIEW_WEEKS = 6
    CharterVersionFactory(title="Charte qualité et éthique 2027")
    fee_schedules(2026, 15_000)
    fee_schedules(2027, 12_000)
    FeeSchedule.objects.filter(year=2027, size_band="250+").update(amount_cents=120_000)

    with time_machine.travel(date(2027, 5, 4)), django_assert_max_num_queries(8):
        page = client.get(reverse("members:join")).content.decode()

    assert "établie dans le Jura" in page
    assert "Aucun projet de délocalisation" in page
    assert "Charte qualité et éthique 2027" in page
    assert "Cotisation annuelle 2027" in page
    rows = re.findall(
        r'<th scope="row" class="fw-normal">([^<]+)</th><td class="text-end">([^<]+)</td>', page
    )
    assert rows[0] == ("Sans salarié", "120,00\u00a0€")
    assert rows[-1] == ("250 salariés et plus", "1\u202f200,00\u00a0€")
    assert len(rows) == 5
    assert "comptez environ 6 semaines" in page
    assert f'href="{reverse("members:apply")}"' in page


def test_before_the_new_years_fees_are_set_the_page_shows_last_years(client):
    fee_schedules(2026, 15_000)

    with time_machine.travel(date(2027, 1, 2)):
        page = client.get(reverse("members:join")).content.decode()

    assert "Cotisation annuelle 2026" in page
    assert "150,00\u00a0€" in page


def test_the_menus_adherer_leads_to_the_join_page(client):
    page = client.get(reverse("home")).content.decode()

    assert re.search(rf'<a class="nav-link" href="{reverse("members:join")}">Adhérer</a>', page)


def test_every_page_links_the_web_manifest_and_the_apple_touch_icon_and_they_exist(client):
    page = client.get(reverse("home")).content.decode()
    assert '<link rel="manifest" href="/site.webmanifest">' in page
    icon = re.search(r'<link rel="apple-touch-icon" href="/static/([^"]+)">', page)
    assert icon and finders.find(icon.group(1))

    response = client.get(reverse("webmanifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["short_name"] == "Made in Jura"
    assert manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_sitemap_lists_the_charter_and_the_join_page(client):
    body = client.get(reverse("sitemap")).content.decode()

    assert f"<loc>http://testserver{reverse('charter:current')}</loc>" in body
    assert f"<loc>http://testserver{reverse('members:join')}</loc>" in body


@pytest.mark.parametrize(
    "url_name", ["home", "members:join", "charter:current", "directory:list", "events:list"]
)
def test_a_public_page_weighs_less_than_250_kb_with_its_css_and_js(client, url_name):
    fee_schedules(2026)
    CharterVersionFactory()
    response = client.get(reverse(url_name))
    html = response.content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    weight = len(gzip.compress(html))
    for asset in assets:
        with open(finders.find(asset.decode()), "rb") as file:
            weight += len(gzip.compress(file.read()))

    assert assets, "the page's own CSS and JS are counted"
    assert weight < PAGE_BUDGET, f"{url_name}: {weight} bytes"
