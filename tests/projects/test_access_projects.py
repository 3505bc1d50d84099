"""Access over every page of the projects' public side and member space: a committee score, a private
note, a rationale or a conflict declaration never reaches a member or the public; a company sees its
own commitments only, and cannot act on another project's role or an unpublished project."""

import pytest
from django.urls import reverse

from projects.models import Commitment, Need, Stakeholder
from tests.factories.directory import listed_company
from tests.factories.members import UserFactory, owner_of
from tests.factories.projects import (
    SECRET_COMMITMENT_NOTE,
    SECRETS,
    commitment,
    decided_gate,
    dole,
    project,
    public_need,
    role,
)
from tests.factories.reference import sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    logistics = sector("Transport et logistique")
    mine = listed_company("Transports Jeunet", trades=("Transport et logistique",), place=dole())
    theirs = listed_company("Logistique Prost", trades=("Transport et logistique",), place=dole())
    bottles = project("Réemploi des bouteilles")
    storage = role(bottles, "Stockage", quantity="40", unit="pallets", trades=(logistics,))
    commitment(storage, theirs, "10")  # carries SECRET_COMMITMENT_NOTE
    decided_gate(bottles, summary="Go pour la suite.")
    hidden = project("Projet interne", is_published=False)
    hidden_role = role(hidden, "Logistique", trades=(logistics,))
    author = UserFactory(first_name="Gaspard", last_name="Secretin")
    need = public_need(author=author)
    return {
        "mine": mine,
        "theirs": theirs,
        "bottles": bottles,
        "storage": storage,
        "hidden": hidden,
        "hidden_role": hidden_role,
        "author": author,
        "need": need,
    }


def every_page(world) -> list[str]:
    bottles = world["bottles"]
    return [
        reverse("projects:list"),
        reverse("projects:territory", args=[dole().epci.slug]),
        reverse("projects:detail", args=[bottles.slug]),
        reverse("projects:need_report"),
        reverse("projects:my_needs"),
        reverse("projects:space"),
        reverse("projects:pledge", args=[bottles.slug]),
        reverse("members:space"),
    ]


def visitors(client, world):
    yield "public", client
    for name, user in (
        ("need author", world["author"]),
        ("member", owner_of(world["mine"])),
        ("committing member", owner_of(world["theirs"])),
    ):
        client.force_login(user)
        yield name, client
        client.logout()


def test_no_committee_secret_reaches_the_public_or_a_member_on_any_page(client, world):
    for who, visitor in visitors(client, world):
        for url in every_page(world):
            page = visitor.get(url, follow=True).content.decode()
            for secret in SECRETS:
                if (
                    secret == SECRET_COMMITMENT_NOTE
                    and who == "committing member"
                    and "espace/projets" in url
                ):
                    continue  # its own commitment: checked below
                assert secret not in page, f"{secret} shown to {who} on {url}"


def test_a_company_sees_its_own_commitments_and_never_another_company_s(client, world):
    client.force_login(owner_of(world["theirs"]))
    assert SECRET_COMMITMENT_NOTE in client.get(reverse("projects:space")).content.decode()

    client.force_login(owner_of(world["mine"]))
    page = client.get(reverse("projects:space")).content.decode()
    assert "Aucun engagement pour l&#x27;instant." in page or "Aucun engagement pour l'instant." in page
    assert (
        SECRET_COMMITMENT_NOTE
        not in client.get(reverse("projects:pledge", args=[world["bottles"].slug])).content.decode()
    )


def test_a_pledge_goes_to_the_signed_in_person_s_company_whatever_the_form_says(client, world):
    client.force_login(owner_of(world["mine"]))

    client.post(
        reverse("projects:pledge", args=[world["bottles"].slug]),
        {
            "role": world["storage"].pk,
            "kind": "space",
            "quantity": "5",
            "unit": "pallets",
            "company": world["theirs"].pk,
            "stakeholder": 1,
        },
    )

    new = Commitment.objects.latest("pk")
    assert new.stakeholder.company == world["mine"]
    assert Commitment.objects.filter(stakeholder__company=world["theirs"]).count() == 1


def test_a_role_of_another_project_is_refused(client, world):
    client.force_login(owner_of(world["mine"]))

    interest = client.post(
        reverse("projects:interest", args=[world["bottles"].slug]), {"role": world["hidden_role"].pk}
    )
    pledge = client.post(
        reverse("projects:pledge", args=[world["bottles"].slug]),
        {"role": world["hidden_role"].pk, "kind": "space", "quantity": "5", "unit": "pallets"},
    )

    assert interest.status_code == 404
    assert pledge.status_code == 400
    assert not Stakeholder.objects.filter(company=world["mine"]).exists()


def test_an_unpublished_project_is_not_found_from_the_member_space(client, world):
    client.force_login(owner_of(world["mine"]))
    slug = world["hidden"].slug

    assert client.get(reverse("projects:pledge", args=[slug])).status_code == 404
    assert client.post(reverse("projects:interest", args=[slug])).status_code == 404
    assert client.get(reverse("projects:detail", args=[slug])).status_code == 404
    assert "Projet interne" not in client.get(reverse("projects:space")).content.decode()


def test_member_pages_send_anonymous_visitors_to_log_in_and_post_nothing(client, world):
    slug = world["bottles"].slug
    for url in (
        reverse("projects:space"),
        reverse("projects:pledge", args=[slug]),
        reverse("projects:my_needs"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client.post(reverse("projects:interest", args=[slug])).status_code == 302
    assert not Stakeholder.objects.filter(company=world["mine"]).exists()


def test_a_person_without_a_company_reports_needs_but_has_no_partner_page(client, world):
    client.force_login(world["author"])

    assert client.get(reverse("projects:need_report")).status_code == 200
    assert client.get(reverse("projects:space")).status_code == 403  # the page says why


def test_the_public_need_never_names_its_author_on_any_public_page(client, world):
    author = world["author"]
    for url in every_page(world)[:3]:
        page = client.get(url).content.decode()
        assert author.email not in page and author.last_name not in page
    assert Need.objects.get().author == author
