"""Filters are sorted the French way: « Ébénisterie » among the E, not after the Z (issue 15)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from jura_portal.collation import french_key
from tests.factories.directory import listed_company
from tests.factories.reference import commune, epci

pytestmark = pytest.mark.django_db


def option_labels(html: str, select_name: str) -> list[str]:
    select = re.search(rf'<select name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={select_name}>"
    labels = re.findall(r"<option[^>]*>([^<]*)", select[1])
    return [re.sub(r"\s*\(\d+\)$", "", unescape(label).strip()) for label in labels if label.strip()]


def test_the_french_key_puts_accented_and_ligatured_words_among_their_letter():
    words = ["Zinguerie", "Ébénisterie", "Menuiserie", "Œnologie", "élevage", "Fromagerie", "Echoppe"]
    assert sorted(words, key=french_key) == [
        "Ébénisterie",
        "Echoppe",
        "élevage",
        "Fromagerie",
        "Menuiserie",
        "Œnologie",
        "Zinguerie",
    ]


def test_the_directory_filters_sort_ebenisterie_among_the_e(client):
    place = commune("Étival", "etival", in_epci=epci("Terre d'Émeraude Communauté", "terre-d-emeraude"))
    listed_company("Atelier Vuillet", trades=("Zinguerie", "Ébénisterie", "Fromagerie", "Encadrement"))
    listed_company("Scierie Bourgeois", trades=("Scierie",), place=place)

    html = client.get(reverse("directory:list")).content.decode()

    trades = [label for label in option_labels(html, "secteur") if label != "Tous les métiers"]
    assert trades == ["Ébénisterie", "Encadrement", "Fromagerie", "Scierie", "Zinguerie"]
    territories = option_labels(html, "epci")[1:]
    assert territories == ["Communauté de communes Arbois, Poligny, Salins", "Terre d'Émeraude Communauté"]


def test_the_events_territory_filter_sorts_the_french_way(client):
    for name, slug in [
        ("Porte du Jura", "porte-du-jura"),
        ("Espace Communautaire Lons Agglomération", "ecla"),
    ]:
        epci(name, slug)
    epci("Émeraude (Terre d')", "emeraude")

    html = client.get(reverse("events:list")).content.decode()

    assert option_labels(html, "territoire")[1:] == [
        "Émeraude (Terre d')",
        "Espace Communautaire Lons Agglomération",
        "Porte du Jura",
    ]
