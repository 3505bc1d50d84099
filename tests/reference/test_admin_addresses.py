"""The territory's and trades' admin pages moved with their app: the former addresses lead to them."""

from django.urls import reverse


def test_a_bookmarked_address_of_the_former_members_admin_leads_to_the_reference_page(admin_client):
    response = admin_client.get("/admin/members/commune/?q=Dole")

    assert response.status_code == 301
    assert response["Location"] == reverse("admin:reference_commune_changelist") + "?q=Dole"
    assert admin_client.get(response["Location"]).status_code == 200


def test_a_bookmarked_sector_page_of_the_former_members_admin_leads_to_the_same_sector(admin_client):
    response = admin_client.get("/admin/members/sector/7/change/")

    assert response["Location"] == reverse("admin:reference_sector_change", args=[7])
