"""The shared layouts: the member space's pages are private and carry their trail; public pages stay indexable."""

from django.urls import reverse

ROBOTS_NOINDEX = '<meta name="robots" content="noindex">'


def test_a_member_space_page_is_kept_out_of_search_engines_and_names_no_canonical_address(
    client, verified_user
):
    client.force_login(verified_user)

    html = client.get(reverse("members:space")).text

    assert ROBOTS_NOINDEX in html
    assert 'rel="canonical"' not in html
    assert "<title>Mon espace — Made in Jura</title>" in html


def test_a_public_page_writes_no_robots_directive_and_names_its_canonical_address(client, db):
    html = client.get(reverse("home")).text

    assert 'name="robots"' not in html
    assert 'rel="canonical"' in html


def test_a_member_space_page_shows_its_trail_from_the_space_as_a_labelled_nav(client, verified_user):
    client.force_login(verified_user)

    html = client.get(reverse("members:my_data")).text

    trail = html.split('<nav aria-label="Fil d’Ariane">')[1].split("</nav>")[0]
    assert f'<a href="{reverse("members:space")}">Mon espace</a>' in trail
    assert '<li class="breadcrumb-item active" aria-current="page">Mes données</li>' in trail


def test_the_projects_pages_of_a_person_are_private_like_the_rest_of_the_space(client, verified_user):
    client.force_login(verified_user)

    html = client.get(reverse("projects:my_needs")).text

    assert ROBOTS_NOINDEX in html
    assert '<li class="breadcrumb-item active" aria-current="page">Mes besoins signalés</li>' in html
