import re
from html import unescape

import pytest
from django.urls import reverse, reverse_lazy


def test_the_home_page_presents_the_network_in_french(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Made in Jura" in response.text
    assert 'lang="fr"' in response.text


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "failed_tasks": 0}


def test_an_unknown_page_answers_404_in_french(client, db):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.text


@pytest.mark.parametrize(
    ("url_name", "heading", "must_say"),
    [
        ("legal", "Mentions légales", ["loi du 1<sup>er</sup> juillet 1901", "Directeur de la publication"]),
        ("privacy", "Données personnelles", ["Responsable du traitement", "10 ans", "CNIL", "csrftoken"]),
        (
            "accessibility",
            "Déclaration d'accessibilité",
            ["non conforme", "Défenseur des droits"],
        ),
    ],
)
def test_the_footer_pages_answer_in_french(client, db, url_name, heading, must_say):
    response = client.get(reverse(url_name))
    html = unescape(response.text)

    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html
    assert f"<title>{heading} — Made in Jura</title>" in html
    for words in must_say:
        assert words in html


def test_the_legal_notice_names_the_association_and_reserves_the_logo_to_licensed_members(
    client, db, settings
):
    html = unescape(client.get(reverse("legal")).text)

    assert settings.ASSOCIATION["name"] in html
    assert settings.ASSOCIATION["address"] in html
    assert "réservé aux entreprises adhérentes titulaires d'une licence" in html


@pytest.mark.parametrize(
    "url",
    [
        reverse_lazy("home"),
        reverse_lazy("legal"),
        reverse_lazy("privacy"),
        reverse_lazy("accessibility"),
        reverse_lazy("account_login"),
        reverse_lazy("account_signup"),
        reverse_lazy("account_reset_password"),
        "/cette-page-n-existe-pas/",
    ],
)
def test_every_page_is_french_with_a_skip_link_to_its_main_content(client, db, url):
    html = client.get(url).text

    assert '<html lang="fr">' in html
    assert re.search(r'<a [^>]*href="#contenu"[^>]*>Aller au contenu</a>', html)
    assert re.search(r'<main [^>]*id="contenu"', html)
    assert html.count("<main") == 1
    assert html.count("<h1") == 1
