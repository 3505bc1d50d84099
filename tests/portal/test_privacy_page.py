"""/confidentialite/ tells the truth: the cookies it lists are the ones the portal sets."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def listed_cookies(client) -> set[str]:
    html = client.get(reverse("privacy")).content.decode()
    section = html[html.index('id="cookies"') :]
    return set(re.findall(r"<li><strong>([\w-]+)</strong> —", section))


def test_the_cookie_list_is_exactly_what_a_visit_sets(client, verified_user, password):
    set_cookies: set[str] = set()
    for response in (
        client.get(reverse("home")),
        client.get(reverse("account_login")),
        client.post(reverse("account_login"), {"login": verified_user.email, "password": password}),
        client.get(reverse("members:space")),
        client.get(reverse("members:my_data")),
        client.post(reverse("account_logout")),
    ):
        set_cookies |= set(response.cookies)

    assert set_cookies == {"sessionid", "csrftoken"}
    assert listed_cookies(client) == set_cookies  # no "messages" cookie: messages live in the session


def test_the_privacy_page_says_what_is_kept_and_for_how_long(client):
    text = client.get(reverse("privacy")).content.decode()

    assert "Code de commerce, article L123-22" in text
    assert "Mes données personnelles" in text
    assert "au bout de 30 jours" in text
