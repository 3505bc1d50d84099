"""Following a project: opt-in, news by email with a one-click unsubscribe link."""

import re

import pytest
from django.core import mail

from projects import services, tokens
from projects.errors import ProjectError
from projects.models import Phase
from tests.factories.projects import project_in, scored_gate

pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.projects.urls_unfollow")
def test_a_follower_receives_the_public_summary_of_a_decision_with_an_unsubscribe_link(
    staff, members_of_committee, django_capture_on_commit_callbacks
):
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    follower = services.project_follow(project=project, email="voisin@exemple.fr")
    gate = scored_gate(project, members_of_committee)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.gate_decide(
            gate=gate,
            acting_user=members_of_committee[0],
            outcome="go",
            rationale="Note interne détaillée.",
            private_note="Le comité doute du porteur.",
            public_summary="Le besoin est confirmé : l'étude d'opportunité commence.",
        )

    [news] = mail.outbox
    assert news.to == ["voisin@exemple.fr"]
    assert "l'étude d'opportunité commence" in news.body
    assert "doute du porteur" not in news.body
    [token] = re.findall(r"/projets/ne-plus-suivre/([^/]+)/", news.body)
    assert tokens.read_unfollow_token(token) == (follower.project_id, "voisin@exemple.fr")


def test_following_twice_keeps_one_subscription_and_unfollowing_ends_it(staff):
    project = project_in(Phase.DIAGNOSIS, staff=staff)
    services.project_follow(project=project, email="voisin@exemple.fr")
    services.project_follow(project=project, email="Voisin@exemple.fr")

    assert project.followers.count() == 1
    assert services.project_unfollow(project=project, email="VOISIN@exemple.fr") is True
    assert not project.followers.exists()


def test_an_unpublished_project_cannot_be_followed(staff):
    with pytest.raises(ProjectError, match="pas publié"):
        services.project_follow(
            project=project_in(Phase.DIAGNOSIS, staff=staff, published=False), email="a@b.fr"
        )


def test_a_tampered_unsubscribe_token_is_refused():
    assert tokens.read_unfollow_token("abc:def") is None
