from django.urls import reverse


def test_the_current_section_is_marked_in_the_menu(client, verified_user, password):
    client.login(email=verified_user.email, password=password)
    response = client.get(reverse("members:space"))
    assert response.status_code == 200
    assert f'href="{reverse("members:space")}" aria-current="page"' in response.text


def _menu(response) -> str:
    return response.text.split('id="menu-principal"')[1].split("</ul>")[0]


def test_a_visitor_is_offered_to_join_but_not_the_offers(client, db):
    menu = _menu(client.get(reverse("home")))
    assert f'href="{reverse("members:join")}"' in menu and "Adhérer" in menu
    assert "Offres" not in menu


def test_a_member_sees_the_offers_and_is_not_asked_to_join(client, staff):
    from tests.factories.members import accepted_company, person

    owner = person(first_name="Camille", last_name="Martin")
    accepted_company(reviewer=staff, applicant=owner)
    client.force_login(owner)

    menu = _menu(client.get(reverse("home")))

    assert f'href="{reverse("offers:list")}"' in menu and "Offres" in menu
    assert "Adhérer" not in menu


def test_someone_signed_in_without_a_membership_is_offered_to_join(client, verified_user):
    client.force_login(verified_user)

    menu = _menu(client.get(reverse("home")))

    assert "Adhérer" in menu and "Offres" not in menu
