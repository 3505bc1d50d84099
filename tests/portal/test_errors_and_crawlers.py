from django.test import RequestFactory
from django.urls import reverse

from jura_portal import views


def test_the_server_error_page_is_in_french_and_needs_no_database():
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_points_to_the_sitemap(client, db):
    response = client.get(reverse("robots_txt"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.text
    assert "Disallow: /admin/" in body
    assert "Disallow: /espace/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_the_sitemap_lists_the_public_pages(client, db):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert "<loc>http://testserver/mentions-legales/</loc>" in response.text


def test_healthz_answers_503_when_the_database_is_unreachable(client, db, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    # The database failing is simulated at the connection's edge, not in our view.
    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", broken_cursor)
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_favicon_ico_answers_with_the_mark_as_an_icon(client, db, django_assert_max_num_queries):
    from io import BytesIO

    from PIL import Image

    with django_assert_max_num_queries(0):
        response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age" in response["Cache-Control"]
    with Image.open(BytesIO(response.content)) as icon:
        assert icon.format == "ICO"
        assert (32, 32) in icon.info["sizes"] and (16, 16) in icon.info["sizes"]
