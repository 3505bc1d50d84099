"""A need of the territory: reported, qualified or closed with a reason, grouped into a project."""

import pytest
from django.core import mail

from jura_portal import audit
from projects import services
from projects.errors import ProjectError
from projects.models import Need, Phase
from tests.factories.members import UserFactory
from tests.factories.projects import qualified_need, reported_need

pytestmark = pytest.mark.django_db


def test_a_citizen_reports_a_need_and_receives_an_acknowledgement(django_capture_on_commit_callbacks):
    citizen = UserFactory(email="lea@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        need = reported_need(citizen, title="Réemploi des bouteilles")

    assert need.status == Need.Status.REPORTED
    assert need.author == citizen
    assert [m.to for m in mail.outbox] == [["lea@exemple.fr"]]
    assert "Réemploi des bouteilles" in mail.outbox[0].subject
    assert audit.history(need).get().action == "need.reported"


def test_a_need_is_qualified_only_when_every_admissibility_box_is_ticked(staff):
    need = reported_need()

    with pytest.raises(ProjectError, match="pas déjà couvert"):
        services.need_qualify(
            need=need,
            acting_user=staff,
            in_territory=True,
            collective_interest=True,
            not_already_covered=False,
        )

    need.refresh_from_db()
    assert need.status == Need.Status.REPORTED


def test_a_closed_need_sends_its_reason_to_its_author(staff, django_capture_on_commit_callbacks):
    need = reported_need(UserFactory(email="elu@exemple.fr"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.need_close(need=need, acting_user=staff, reason="Une recyclerie y répond déjà à Dole.")

    need.refresh_from_db()
    assert (need.status, need.closing_reason) == (Need.Status.CLOSED, "Une recyclerie y répond déjà à Dole.")
    assert mail.outbox[0].to == ["elu@exemple.fr"]
    assert "Une recyclerie y répond déjà à Dole." in mail.outbox[0].body


def test_a_need_cannot_be_closed_without_a_reason(staff):
    with pytest.raises(ProjectError, match="motif"):
        services.need_close(need=reported_need(), acting_user=staff, reason="  ")


def test_a_closed_need_cannot_be_closed_again(staff):
    need = reported_need()
    services.need_close(need=need, acting_user=staff, reason="Hors du Jura.")

    with pytest.raises(ProjectError, match="déjà clos"):
        services.need_close(need=need, acting_user=staff, reason="Hors du Jura.")


def test_opening_a_project_from_two_needs_tells_both_authors(staff, django_capture_on_commit_callbacks):
    first = qualified_need(staff, UserFactory(email="a@exemple.fr"))
    second = qualified_need(staff, UserFactory(email="b@exemple.fr"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_open_from_needs(
            needs=[first, second], acting_user=staff, title="Réemploi des bouteilles", summary="Une filière."
        )

    assert project.phase == Phase.DIAGNOSIS
    assert set(project.needs.all()) == {first, second}
    assert sorted(m.to[0] for m in mail.outbox) == ["a@exemple.fr", "b@exemple.fr"]
    assert all("Réemploi des bouteilles" in m.subject for m in mail.outbox)


def test_a_reported_need_cannot_join_a_project_before_it_is_qualified(staff):
    with pytest.raises(ProjectError, match="n'est pas qualifié"):
        services.project_open_from_needs(
            needs=[reported_need()], acting_user=staff, title="Projet", summary="Résumé"
        )


def test_a_need_already_in_a_project_cannot_join_another(staff):
    need = qualified_need(staff)
    services.project_open_from_needs(needs=[need], acting_user=staff, title="Premier", summary="Résumé")
    other = services.project_open_from_needs(
        needs=[qualified_need(staff)], acting_user=staff, title="Autre", summary="R"
    )

    with pytest.raises(ProjectError, match="fait déjà partie d'un projet"):
        services.needs_group_into_project(needs=[need], project=other, acting_user=staff)


def test_only_a_qualified_need_can_be_made_public(staff):
    with pytest.raises(ProjectError, match="qualifié"):
        services.need_set_public(need=reported_need(), acting_user=staff, is_public=True)
