"""Public pages rendered once per change (jura_portal.pagecache): validators, 304s, freshness after every
kind of change, nothing personal shared, and a constant number of queries whatever the data size."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory import services as directory_services
from events import services as event_services
from jura_portal.models import CachedPage
from licensing import services as licensing_services
from licensing.models import LogoLicense, ProductLabel, new_code
from members import lifecycle
from tests.factories.directory import listed_company, listing_of, unlist
from tests.factories.events import EventFactory
from tests.factories.members import UserFactory, new_member

pytestmark = pytest.mark.django_db


def active_licence(company) -> LogoLicense:
    today = timezone.localdate()
    return LogoLicense.objects.create(
        company=company,
        year=today.year,
        code=new_code(),
        valid_from=today - timedelta(days=30),
        valid_until=today + timedelta(days=300),
        status=LogoLicense.Status.ACTIVE,
    )


def approved_label(company, name: str) -> ProductLabel:
    return ProductLabel.objects.create(
        company=company, name=name, quality_reason="AOP", status=ProductLabel.Status.APPROVED
    )


@pytest.fixture
def scene():
    """One listed member with a licence and an approved product, one public event."""
    company = listed_company(
        "Fromagerie des Rousses", trades=("Fromagerie",), public_email="contact@fromagerie.test"
    )
    listing = listing_of(company)
    listing.show_email = True  # the page then has the "reveal the e-mail" form, with its CSRF token
    listing.save(update_fields=["show_email"])
    licence = active_licence(company)
    approved_label(company, "Comté 18 mois")
    event = EventFactory(title="Atelier export", capacity=2)
    return {
        "home": reverse("home"),
        "directory": reverse("directory:list"),
        "search": reverse("directory:list") + "?q=fromagerie",
        "member": listing_of(company).get_absolute_url(),
        "events": reverse("events:list"),
        "event": event.get_absolute_url(),
        "licence": reverse("licensing:verify", args=[licence.code]),
        "company": company,
        "licence_row": licence,
        "event_row": event,
    }


PAGES = ["home", "directory", "search", "member", "events", "event", "licence"]
SHARED = ["home", "directory", "search", "events", "licence"]  # no form carrying a CSRF token
TOKENED = ["member", "event"]  # the e-mail reveal and the guest registration forms


def etag_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


# --- Validators and 304 -------------------------------------------------------------------------


@pytest.mark.parametrize("page", SHARED)
def test_a_page_the_same_for_everybody_may_be_kept_by_a_proxy_and_is_revalidated_with_a_304(
    client, scene, page, django_assert_max_num_queries
):
    response = client.get(scene[page])

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "must-revalidate"} <= cache_control
    assert "Cookie" in response["Vary"]
    assert "Set-Cookie" not in response.headers
    with django_assert_max_num_queries(1):
        again = Client().get(scene[page], headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == response["ETag"]


@pytest.mark.parametrize("page", TOKENED)
def test_a_page_with_a_form_token_is_private_and_each_visitor_gets_their_own_working_token(scene, page):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one = first.get(scene[page])
    two = second.get(scene[page])  # served from the store

    for response in (one, two):
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
    token_one = one.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    token_two = two.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert token_two != token_one
    assert "placeholder" not in two.content.decode()
    if page == "member":
        # The second visitor's token works with their own cookie: the e-mail is revealed.
        reveal = reverse("directory:reveal", args=[listing_of(scene["company"]).slug])
        assert second.post(reveal, {"csrfmiddlewaretoken": token_two}).status_code == 200
        assert second.post(reveal, {"csrfmiddlewaretoken": token_one}).status_code in (200, 403)
    # Their own copy revalidates (304) only while their CSRF secret is the same.
    assert second.get(scene[page], headers={"if-none-match": two["ETag"]}).status_code == 304
    assert Client().get(scene[page], headers={"if-none-match": two["ETag"]}).status_code == 200


def test_another_visitors_token_is_never_served(scene):
    first = Client()
    token_one = first.get(scene["member"]).content.decode().split('csrfmiddlewaretoken" value="')[1][:64]
    page = CachedPage.objects.get(path=scene["member"])
    assert token_one not in page.body
    for _ in range(3):
        assert token_one not in Client().get(scene["member"]).content.decode()


# --- Nothing personal shared --------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_a_signed_in_persons_page_is_private_never_stored_nor_shown_to_the_public(scene, page):
    person = UserFactory(first_name="Apolline", email="apolline@example.test")
    signed_in = Client()
    signed_in.force_login(person)
    public_before = Client().get(scene[page])  # the public copy is stored

    mine = signed_in.get(scene[page])

    assert "Se déconnecter" in mine.content.decode()  # their own page, not the stored public one
    assert {"private", "no-cache"} <= {part.strip() for part in mine["Cache-Control"].split(",")}
    assert "ETag" not in mine
    for response in (public_before, Client().get(scene[page])):
        html = response.content.decode()
        assert "Se déconnecter" not in html
        assert "apolline@example.test" not in html


def test_a_visitor_with_a_session_gets_a_private_fresh_page(client, scene):
    client.get(scene["home"])
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-with-a-message-waiting"

    response = client.get(scene["home"])

    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_a_page_stored_under_one_host_is_never_served_under_another(scene, settings):
    """A member page names its own address (og:image): each allowed host has its own stored copy, so a
    request with another Host header can neither poison the copy others get nor receive theirs."""
    settings.ALLOWED_HOSTS = ["portal.example.org", "www.portal.example.org"]
    company = scene["company"]
    company.logo = "logos/fromagerie.png"
    company.save(update_fields=["logo"])

    first = Client(HTTP_HOST="www.portal.example.org").get(scene["member"]).content.decode()
    second = Client(HTTP_HOST="portal.example.org").get(scene["member"]).content.decode()

    assert "http://www.portal.example.org/media/logos/fromagerie.png" in first
    assert "http://portal.example.org/media/logos/fromagerie.png" in second
    assert "www.portal.example.org" not in second


@pytest.mark.parametrize(
    "query", ["?next=/espace/", "?utm_source=newsletter", "?q=comt%C3%A9&x=1", "?q=" + "a" * 400]
)
def test_an_address_with_a_parameter_the_page_does_not_read_is_rendered_and_never_stored(
    client, scene, query
):
    """Else every `?x=1`, `?x=2`... would be a new stored page: anybody could fill the table."""
    CachedPage.objects.all().delete()
    for url in (scene["home"], scene["member"], scene["event"], scene["directory"], scene["events"]):
        response = client.get(url + query)
        assert response.status_code == 200
        assert "ETag" not in response
        assert "private" in response["Cache-Control"]
    assert not CachedPage.objects.exists()


def test_the_parameters_a_list_reads_are_stored(client, scene):
    CachedPage.objects.all().delete()
    client.get(scene["directory"] + "?q=comt%C3%A9&page=1&tri=nom")
    client.get(scene["events"] + "?passes=1&page=2")
    assert CachedPage.objects.count() == 2


def test_an_error_or_a_rate_limited_answer_is_never_stored(client, scene, settings):
    settings.LICENCE_VERIFY_RATE = "1/m"
    assert client.get(reverse("licensing:verify", args=["AAAABBBBCCCC"])).status_code == 404
    assert client.get(scene["licence"]).status_code == 429
    settings.LICENCE_VERIFY_RATE = "100/m"
    assert "Licence valide" in Client(REMOTE_ADDR="198.51.100.7").get(scene["licence"]).content.decode()
    assert not CachedPage.objects.filter(path__contains="AAAABBBBCCCC").exists()


# --- Freshness: every change shows at once --------------------------------------------------------


def test_a_change_moves_the_version_at_once_and_again_after_the_commit(django_capture_on_commit_callbacks):
    """A page rendered between the change and its commit (from the data as it was) is stored under
    the middle version: after the commit nobody asks for it any more."""
    from jura_portal import pagecache

    before = pagecache.current()
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.bump()
        during = pagecache.current()
    assert before < during < pagecache.current()


def test_a_row_of_a_watched_model_saved_moves_the_version(scene):
    from jura_portal import pagecache

    before = pagecache.current()
    scene["event_row"].save()
    assert pagecache.current() > before


def test_a_member_joining_and_leaving_shows_at_once_on_the_home_directory_and_search(client, scene):
    tags = {page: etag_of(client, scene[page]) for page in ("home", "directory", "search")}

    newcomer = listed_company("Fromagerie du Haut-Jura", trades=("Fromagerie",))
    for page in ("home", "directory", "search"):
        response = client.get(scene[page], headers={"if-none-match": tags[page]})
        assert response.status_code == 200, page
        assert "Fromagerie du Haut-Jura" in response.content.decode(), page

    lifecycle.company_resign(company=newcomer, acting_user=UserFactory(is_staff=True))
    for page in ("home", "directory", "search"):
        assert "Fromagerie du Haut-Jura" not in client.get(scene[page]).content.decode(), page


def test_a_listing_edit_and_unlisting_show_at_once_on_the_member_page(client, scene):
    company = scene["company"]
    old = etag_of(client, scene["member"])

    directory_services.listing_update(
        company=company, acting_user=UserFactory(), changes={"description": "Affinage en cave naturelle."}
    )
    response = client.get(scene["member"], headers={"if-none-match": old})
    assert response.status_code == 200
    assert "Affinage en cave naturelle." in response.content.decode()

    unlist(company)
    assert client.get(scene["member"]).status_code == 404
    assert "Fromagerie des Rousses" not in client.get(scene["directory"]).content.decode()


def test_a_product_approved_and_a_licence_revoked_show_at_once(client, scene):
    client.get(scene["member"])
    client.get(scene["licence"])

    approved_label(scene["company"], "Morbier fermier")
    assert "Morbier fermier" in client.get(scene["member"]).content.decode()
    assert "Morbier fermier" in client.get(scene["licence"]).content.decode()

    licensing_services.licence_revoke(
        licence=scene["licence_row"], acting_user=UserFactory(is_staff=True), reason="Exclusion"
    )
    html = client.get(scene["licence"]).content.decode()
    assert "Licence valide" not in html
    assert "Fromagerie des Rousses" not in html


def test_an_event_filling_up_and_cancelled_shows_at_once_on_its_page_the_list_and_home(client, scene):
    event = scene["event_row"]
    for page in ("events", "event"):
        assert "2 places restantes" in client.get(scene[page]).content.decode(), page

    event_services.registration_create_for_member(event=event, acting_user=new_member())
    for page in ("events", "event"):
        assert "1 place restante" in client.get(scene[page]).content.decode(), page
    event_services.registration_create_for_member(event=event, acting_user=new_member())
    for page in ("events", "event"):
        assert "Complet" in client.get(scene[page]).content.decode(), page

    event.refresh_from_db()
    event_services.event_cancel(
        event=event, acting_user=UserFactory(is_staff=True), reason="Salle indisponible"
    )
    assert "Annulé" in client.get(scene["event"]).content.decode()
    assert "Annulé" in client.get(scene["events"]).content.decode()


def test_an_event_published_shows_at_once(client, scene):
    draft = EventFactory(title="Visite de la scierie", status="draft", published_at=None)
    assert "Visite de la scierie" not in client.get(scene["events"]).content.decode()

    event_services.event_publish(event=draft, acting_user=UserFactory(is_staff=True))

    assert "Visite de la scierie" in client.get(scene["events"]).content.decode()
    assert "Visite de la scierie" in client.get(scene["home"]).content.decode()


def test_time_alone_renders_again_when_registrations_close_and_when_the_event_is_over(client, scene):
    event = scene["event_row"]
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert "Atelier export" in client.get(scene["events"]).content.decode()
        assert "Inscription" in client.get(scene["event"]).content.decode()
        traveller.move_to(event.ends_at + timedelta(minutes=1))
        assert "Atelier export" not in client.get(scene["events"]).content.decode()
        assert "Atelier export" not in client.get(scene["home"]).content.decode()


def test_a_licence_stops_being_valid_the_day_after_its_end(client, scene):
    licence = scene["licence_row"]
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert "Licence valide" in client.get(scene["licence"]).content.decode()
        traveller.move_to(
            timezone.make_aware(
                timezone.datetime.combine(
                    licence.valid_until + timedelta(days=1), timezone.datetime.min.time()
                )
            )
            + timedelta(hours=9)
        )
        assert "Licence valide" not in client.get(scene["licence"]).content.decode()


def test_the_calendar_feed_is_stored_with_its_headers_and_follows_a_new_event(client, scene):
    url = reverse("events:feed")
    first = client.get(url)
    second = client.get(url)  # from the store

    assert second["Content-Type"].startswith("text/calendar")
    assert (
        second["Content-Disposition"] == first["Content-Disposition"] == 'inline; filename="made-in-jura.ics"'
    )
    assert second.content == first.content
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    EventFactory(title="Visite fruitiere")
    assert "Visite fruitiere" in client.get(url, headers={"if-none-match": first["ETag"]}).content.decode()


# --- A constant number of queries --------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize("page", [*PAGES, "feed"])
def test_every_public_page_costs_at_most_8_queries_rendered_and_1_stored(
    rows, page, django_assert_max_num_queries
):
    company = None
    for number in range(rows):
        company = listed_company(f"Fromagerie {number:02d}", trades=("Fromagerie", f"Métier {number}"))
        approved_label(company, f"Produit {number}")
        event = EventFactory(capacity=rows + 5)
        for _ in range(rows // 2):
            event_services.registration_create_for_member(event=event, acting_user=new_member())
    urls = {
        "home": reverse("home"),
        "directory": reverse("directory:list"),
        "search": reverse("directory:list") + "?q=fromagerie",
        "member": listing_of(company).get_absolute_url(),
        "events": reverse("events:list"),
        "event": event.get_absolute_url(),
        "licence": reverse("licensing:verify", args=[active_licence(company).code]),
        "feed": reverse("events:feed"),
    }
    Client().get(reverse("licensing:verify", args=["AAAABBBBCCCC"]))  # the rate-limit counter exists

    with django_assert_max_num_queries(8):
        rendered = Client().get(urls[page])
    with django_assert_max_num_queries(1):
        stored = Client().get(urls[page])

    assert rendered.status_code == stored.status_code == 200
    assert len(stored.content) > 1_000


def test_a_directory_page_of_20_cards_weighs_less_than_30_kb(client):
    """With members in nearly every commune of the Jura (the bench's seeder at a tenth of its size)."""
    from bench.directory import seed_companies
    from bench.seed import seed_reference, seed_users

    seed_reference(0.1)
    seed_users(0.1)
    seed_companies(0.1)

    response = client.get(reverse("directory:list"))
    chosen = client.get(reverse("directory:list"), {"epci": response.context["results"].epcis[0].slug})

    assert response.content.decode().count('<li class="directory-card">') == 20
    assert len(response.content) < 30_000
    assert (
        len(response.context["results"].communes) > 400
    )  # counted, offered once an intercommunality is chosen
    assert response.content.decode().count("<option") < 100
    assert chosen.content.decode().count("<option") > response.content.decode().count("<option")


@pytest.mark.urls("tests.portal.pagecache_urls")
@pytest.mark.parametrize(
    ("url", "personal"), [("/with-a-message/", "Bienvenue"), ("/with-a-session-choice/", "secret")]
)
def test_a_page_whose_view_wrote_in_the_visitors_session_is_never_stored(url, personal):
    """A message or a choice kept for this visitor may be on their page: never shown to the next one."""
    first = Client().get(url)
    assert personal in first.content.decode()
    assert "private" in first["Cache-Control"]
    assert not CachedPage.objects.filter(path=url).exists()


def test_a_commune_renamed_by_the_reference_data_or_a_former_commune_edited_shows_at_once(
    client, scene, tmp_path
):
    """`load_reference` writes in bulk (no signal); staff edit former communes in the admin."""
    import json as json_module

    from reference.loaders import load_territory
    from reference.models import FormerCommune

    company = scene["company"]
    commune = company.commune
    former = FormerCommune.objects.create(insee_code="39999", name="Morez", kind="deleguee", commune=commune)
    company.former_commune = former
    company.save(update_fields=["former_commune"])
    assert f"Morez ({commune.name})" in client.get(scene["member"]).content.decode()

    former.name = "Morez-le-Vieux"
    former.save()
    assert f"Morez-le-Vieux ({commune.name})" in client.get(scene["member"]).content.decode()

    territory = {
        "epcis": [{"siren": commune.epci.siren, "name": commune.epci.name}],
        "communes": [
            {
                "insee": commune.insee_code,
                "name": "Hauts de Bienne",
                "postal_codes": commune.postal_codes,
                "population": commune.population,
                "epci": commune.epci.siren,
            }
        ],
    }
    (tmp_path / "territory.json").write_text(json_module.dumps(territory), encoding="utf-8")
    load_territory(path=tmp_path / "territory.json")
    assert "Morez-le-Vieux (Hauts de Bienne)" in client.get(scene["member"]).content.decode()
