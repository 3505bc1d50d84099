"""Following a project: a signed-in account in one click, a visitor through an emailed confirmation
link; every news email carries a signed link that unsubscribes (a page with a button, or the one-click
POST of mail clients)."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from projects import emails, tokens
from projects.models import Follower
from tests.factories.projects import project

pytestmark = pytest.mark.django_db


@pytest.fixture
def bottles():
    return project("Réemploi des bouteilles du Jura")


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group().removeprefix("http://testserver")


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_a_signed_in_person_follows_and_stops_following_with_a_button(client, verified_user, bottles):
    client.force_login(verified_user)

    client.post(reverse("projects:follow", args=[bottles.slug]))
    assert Follower.objects.get().email == verified_user.email
    assert "Ne plus suivre ce projet" in client.get(bottles.get_absolute_url()).content.decode()

    client.post(reverse("projects:follow", args=[bottles.slug]), {"arreter": "1"})
    assert not Follower.objects.exists()


def test_a_visitor_confirms_the_address_from_the_emailed_link_before_anything_is_sent(
    client, bottles, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects:follow", args=[bottles.slug]), {"email": "lea@exemple.fr"})

    assert "un e-mail vient d'y partir" in response.content.decode()
    assert not Follower.objects.exists()
    [message] = mail.outbox
    confirm = path_of(re.search(r"http\S+/projets/suivre/confirmer/\S+/", message.body).group())

    page = client.get(confirm)
    assert page.status_code == 200 and "Confirmer le suivi" in page.content.decode()
    assert not Follower.objects.exists()  # a mail scanner following the link confirms nothing

    client.post(confirm)
    assert Follower.objects.get().email == "lea@exemple.fr"


def test_a_forged_or_stale_confirmation_link_is_refused(client, bottles):
    forged = signing.dumps({"p": bottles.pk, "e": "x@exemple.fr"}, salt="autre-chose")

    response = client.post(reverse("projects:follow_confirm", args=[forged]))

    assert response.status_code == 400 and not Follower.objects.exists()


def test_a_robot_filling_the_hidden_field_gets_the_same_answer_and_no_email(
    client, bottles, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("projects:follow", args=[bottles.slug]),
            {"email": "robot@exemple.fr", "website": "http://spam"},
        )

    assert response.status_code == 200 and mail.outbox == []


def test_a_bad_address_is_answered_in_french_and_kept(client, bottles):
    response = client.post(reverse("projects:follow", args=[bottles.slug]), {"email": "pas-une-adresse"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Saisissez une adresse de courriel valide." in page and 'value="pas-une-adresse"' in page


def test_an_unpublished_project_cannot_be_followed(client, verified_user):
    hidden = project(is_published=False)
    client.force_login(verified_user)

    assert client.post(reverse("projects:follow", args=[hidden.slug])).status_code == 404


def test_the_unsubscribe_link_of_a_news_email_asks_then_unsubscribes(
    client, bottles, django_capture_on_commit_callbacks
):
    Follower.objects.create(project=bottles, email="lea@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        emails.project_news(bottles, headline="Le comité a dit Go", text="On passe à la faisabilité.")
    [message] = mail.outbox
    unfollow = path_of(re.search(r"http\S+/projets/suivre/arreter/\S+/", message.body).group())

    assert "Me désabonner" in client.get(unfollow).content.decode()
    assert Follower.objects.exists()

    page = client.post(unfollow).content.decode()
    assert "ne recevra plus les nouvelles" in page and not Follower.objects.exists()


def test_mail_clients_unsubscribe_in_one_click_without_a_csrf_token(bottles):
    from django.test import Client

    follower = Follower.objects.create(project=bottles, email="lea@exemple.fr")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("projects:unfollow", args=[tokens.unfollow_token(follower)]),
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200 and not Follower.objects.exists()


def test_a_forged_unsubscribe_link_unsubscribes_nobody(client, bottles):
    Follower.objects.create(project=bottles, email="lea@exemple.fr")
    forged = signing.dumps(
        {"p": bottles.pk, "e": "lea@exemple.fr"}, salt="projects.follow"
    )  # another purpose

    assert client.post(reverse("projects:unfollow", args=[forged])).status_code == 400
    assert Follower.objects.exists()


def test_news_emails_carry_a_one_click_list_unsubscribe_header(bottles, django_capture_on_commit_callbacks):
    from django.test import Client

    Follower.objects.create(project=bottles, email="lea@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        emails.project_news(bottles, headline="Le comité a dit Go", text="On passe à la faisabilité.")
    [message] = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]

    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Message-ID" in message.extra_headers
    response = Client(enforce_csrf_checks=True).post(
        path_of(header.strip("<>")), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200 and not Follower.objects.exists()


def test_an_unsubscribe_link_used_twice_answers_calmly_and_unsubscribes_only_its_own_address(
    client, bottles, django_capture_on_commit_callbacks
):
    Follower.objects.create(project=bottles, email="lea@exemple.fr")
    Follower.objects.create(project=bottles, email="marc@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        emails.project_news(bottles, headline="Le comité a dit Go", text="On passe à la faisabilité.")
    lea = next(m for m in mail.outbox if m.to == ["lea@exemple.fr"])
    unfollow = path_of(re.search(r"http\S+/projets/suivre/arreter/\S+/", lea.body).group())

    first, second = client.post(unfollow), client.post(unfollow)

    assert (first.status_code, second.status_code) == (200, 200)
    assert list(Follower.objects.values_list("email", flat=True)) == ["marc@exemple.fr"]
