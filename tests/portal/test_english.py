"""The public side in English under /en/ for buyers abroad; French stays the default at the usual addresses."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from jura_portal.models import CachedPage
from licensing.models import LogoLicense
from tests.factories.directory import listed_company
from tests.factories.events import EventFactory
from tests.factories.licensing import licence_of
from tests.factories.members import CompanyFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _french_after_each_test():
    """An English page leaves English active in the test's thread: the next test starts in French."""
    yield
    translation.activate("fr")


def english(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def french(name: str, *args) -> str:
    with translation.override("fr"):
        return reverse(name, args=args)


def links(response, rel: str) -> dict[str, str]:
    """hreflang -> href of the page's <link rel=...> elements (in its head)."""
    html = response.content.decode()
    return dict(re.findall(rf'<link rel="{rel}" hreflang="([^"]+)" href="([^"]+)">', html))


def switcher(response) -> tuple[str, str]:
    """The header's link to the other language: (its text, its address)."""
    html = response.content.decode()
    href, text = re.search(
        r'<a class="nav-link" href="([^"]+)" hreflang="[^"]+" lang="[^"]+" rel="alternate">([^<]+)</a>', html
    ).groups()
    return text, href


def test_french_stays_the_default_at_the_addresses_without_a_prefix(client):
    assert reverse("directory:list") == "/annuaire/"
    assert reverse("licensing:verify", args=["ABCDEFGHJKMN"]) == "/licence/ABCDEFGHJKMN/"
    assert english("licensing:verify", "ABCDEFGHJKMN") == "/en/licence/ABCDEFGHJKMN/"

    response = client.get("/annuaire/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert response["Content-Language"] == "fr"
    assert "Annuaire des adhérents" in page_text(response)


def test_the_english_directory_is_under_en_with_the_layout_in_english(client):
    response = client.get("/en/annuaire/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert "Member directory" in page_text(response)
    assert ">Skip to content<" in html
    assert 'aria-label="Main navigation"' in html
    assert ">Events</a>" in html and ">Join</a>" in html
    assert "the collective brand of Jura businesses" in html
    assert "Annuaire des adhérents" not in html


def test_the_switcher_leads_to_the_same_page_in_english_and_back(client):
    listed_company("Fromagerie Vermot", trades=("Fromagerie",))

    french = client.get("/annuaire/", {"q": "fromagerie"})
    text, href = switcher(french)
    assert (text, href) == ("English", "/en/annuaire/?q=fromagerie")

    in_english = client.get(href)
    assert "Fromagerie Vermot" in page_text(in_english)
    assert "1 company" in page_text(in_english)
    text, href = switcher(in_english)
    assert (text, href) == ("Français", "/annuaire/?q=fromagerie")
    assert "1 entreprise" in page_text(client.get(href))


def test_each_public_page_names_its_french_and_english_versions(client, settings):
    settings.SITE_URL = "https://www.madeinjura.fr"
    company = listed_company("Fromagerie Vermot", trades=("Fromagerie",))
    slug = company.listing.slug
    code = licence_of(company).code
    event = EventFactory()
    pages = {
        "directory:detail": [slug],
        "directory:list": [],
        "events:list": [],
        "events:detail": [event.slug],
        "licensing:verify": [code],
        "members:join": [],
        "home": [],
    }
    for name, args in pages.items():
        french_path, english_path = french(name, *args), english(name, *args)
        assert english_path == "/en" + french_path
        for path in (french_path, english_path):
            alternates = links(client.get(path), "alternate")
            assert alternates["fr"] == f"https://www.madeinjura.fr{french_path}", (name, path)
            assert alternates["en"] == f"https://www.madeinjura.fr{english_path}", (name, path)
            assert alternates["x-default"] == f"https://www.madeinjura.fr{french_path}", (name, path)


def test_a_page_only_in_french_has_no_switcher_and_its_english_address_leads_to_french(client):
    assert "hreflang" not in client.get(reverse("legal")).content.decode()

    for french in ("/espace/", "/adhesion/", "/espace/licence/"):
        response = client.get("/en" + french)
        assert response.status_code == 302 and response["Location"] == french


def test_only_the_prefix_itself_says_english(client):
    """Django reads /en-something/ as English too ("en-something", a variant of "en")."""
    assert client.get("/en", follow=True).redirect_chain == [("/en/", 301)]
    response = client.get("/en-savoir-plus/")
    assert response.status_code == 404
    assert '<html lang="fr">' in response.content.decode() and response["Content-Language"] == "fr"


def test_the_english_search_finds_french_listings(client):
    listed_company("Fromagerie Vermot", trades=("Fromagerie",), products="Comté AOP")
    listed_company("Fruitière de Plasne", trades=("Élevage",), products="Fromages de chèvre")
    listed_company("Scierie du Risoux", trades=("Scierie",), products="Planches d'épicéa")

    response = client.get("/en/annuaire/", {"q": "fromagerie"})

    text = page_text(response)
    assert "2 companies" in text
    assert "Fromagerie Vermot" in text and "Fruitière de Plasne" in text
    assert "Scierie du Risoux" not in text
    assert "“fromagerie” in the directory" in response.content.decode()


def test_the_member_page_in_english_links_its_badge_to_the_english_verification(client):
    company = listed_company("Fromagerie Vermot", trades=("Fromagerie",))
    licence = licence_of(company)

    response = client.get(english("directory:detail", company.listing.slug))

    text = page_text(response)
    assert "Valid Made in Jura logo licence" in text
    assert "Contact details" in text
    assert f'href="/en/licence/{licence.code}/"' in response.content.decode()


def test_the_licence_check_in_english_says_valid_or_not_valid(client):
    licence = licence_of(CompanyFactory(legal_name="Fromagerie Vermot SARL"))
    valid = page_text(client.get(english("licensing:verify", licence.code)))
    assert "Valid licence" in valid and "not valid" not in valid
    assert "is a member of the Made in Jura network and is allowed to use its logo" in valid

    licence.status = LogoLicense.Status.REVOKED
    licence.save()
    revoked = page_text(client.get(english("licensing:verify", licence.code)))
    assert "Licence not valid" in revoked and "This licence has been revoked" in revoked

    unknown = page_text(client.get(english("licensing:verify", "ZZZZZZZZZZZZ")))
    assert "This code does not match any Made in Jura logo licence." in unknown


def test_a_stored_page_is_served_only_in_its_own_language(client):
    listed_company("Fromagerie Vermot", trades=("Fromagerie",))
    CachedPage.objects.all().delete()

    first_french = client.get("/annuaire/")
    first_english = client.get("/en/annuaire/")
    assert CachedPage.objects.count() == 2

    for _ in range(2):  # served from the store now
        french, in_english = client.get("/annuaire/"), client.get("/en/annuaire/")
        assert french.content == first_french.content and "Annuaire des adhérents" in page_text(french)
        assert in_english.content == first_english.content and "Member directory" in page_text(in_english)
        assert french["ETag"] != in_english["ETag"]
        assert (french["Content-Language"], in_english["Content-Language"]) == ("fr", "en")
        # The address alone says the language: a shared cache keeps one copy per address.
        assert french["Vary"] == in_english["Vary"] == "Cookie"


def test_the_english_pages_keep_the_query_budgets(client, django_assert_max_num_queries):
    for number in range(20):
        listed_company(f"Menuiserie {number:02d}", trades=("Menuiserie",))
    event = EventFactory()

    with django_assert_max_num_queries(7):
        response = client.get("/en/annuaire/", {"q": "menuisier", "tri": "nom"})
    assert response.context["results"].total == 20
    with django_assert_max_num_queries(8):
        client.get(english("events:list"))
    with django_assert_max_num_queries(8):
        client.get(english("events:detail", event.slug))


def test_a_guest_registers_from_the_english_event_page_and_gets_french_emails(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory()
    page = client.get(english("events:detail", event.slug))
    text = page_text(page)
    assert "Upcoming events" not in text  # the detail page, not the list
    assert "First and last name" in page.content.decode() and "Request my registration" in text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            english("events:guest_register", event.slug),
            {"name": "Jane Smith", "email": "jane@example.com", "organisation": "", "website": ""},
        )

    assert "Check your inbox" in page_text(response)
    [message] = mail.outbox
    assert "Confirmez votre inscription" in message.subject


def test_the_join_page_and_the_events_read_in_english(client):
    EventFactory(title="Atelier export")

    assert "Who can join?" in page_text(client.get(english("members:join")))
    events = page_text(client.get(english("events:list")))
    assert "Upcoming events" in events and "Atelier export" in events


def test_the_sitemap_names_both_languages_of_each_public_page_and_only_french_for_the_others(client):
    company = listed_company("Fromagerie Vermot", trades=("Fromagerie",))
    slug = company.listing.slug

    xml = client.get(reverse("sitemap")).content.decode()

    assert f"<loc>http://testserver/annuaire/{slug}/</loc>" in xml
    assert f"<loc>http://testserver/en/annuaire/{slug}/</loc>" in xml
    assert f'hreflang="en" href="http://testserver/en/annuaire/{slug}/"' in xml
    assert f'hreflang="x-default" href="http://testserver/annuaire/{slug}/"' in xml
    assert "<loc>http://testserver/en/adherer/</loc>" in xml
    assert "<loc>http://testserver/mentions-legales/</loc>" in xml
    assert "/en/mentions-legales/" not in xml and "/en/charte/" not in xml


def test_a_missing_page_under_en_says_so_in_english(client):
    response = client.get("/en/annuaire/nobody-here/")
    assert response.status_code == 404
    assert "Page not found" in page_text(response)
