from django.urls import reverse


def test_the_current_section_is_marked_in_the_menu(client, verified_user, password):
    client.login(email=verified_user.email, password=password)
    response = client.get(reverse("members:space"))
    assert response.status_code == 200
    assert f'href="{reverse("members:space")}" aria-current="page"' in response.text
