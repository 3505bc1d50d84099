"""/projets/ is served from the page store to visitors without a session: what staff publish or the
committee decides shows at once, and a killed project leaves « en cours » for the archive."""

import pytest
from django.urls import reverse

from projects import services
from projects.models import Phase
from tests.factories.projects import committee, project_in, scored_gate

pytestmark = pytest.mark.django_db

LIST = reverse("projects:list")


def section(html: str, heading_id: str) -> str:
    """The text of the <section> labelled by `heading_id` (empty if the page has none)."""
    start = html.find(f'aria-labelledby="{heading_id}"')
    return "" if start < 0 else html[start : html.find("</section>", start)]


def test_a_project_published_by_staff_shows_on_the_stored_overview_at_once(client, staff):
    made = project_in(Phase.DIAGNOSIS, staff=staff, published=False, title="Consigne des pots de yaourt")
    assert "Consigne des pots de yaourt" not in client.get(LIST).content.decode()  # stored now

    services.project_set_published(project=made, acting_user=staff, is_published=True)

    assert "Consigne des pots de yaourt" in client.get(LIST).content.decode()


def test_a_killed_project_leaves_the_projects_in_progress_and_stays_in_the_public_archive(client, staff):
    members = committee(3)
    made = project_in(Phase.OPPORTUNITY, staff=staff, title="Consigne des pots de yaourt")
    assert "Consigne des pots de yaourt" in section(client.get(LIST).content.decode(), "titre-projets")
    gate = scored_gate(made, members, value=1)

    services.gate_decide(
        gate=gate,
        acting_user=members[0],
        outcome="kill",
        rationale="Pas de laverie à moins de 100 km.",
        lessons_learned="Pas assez d'acheteurs.",
    )

    html = client.get(LIST).content.decode()
    assert "Consigne des pots de yaourt" not in section(html, "titre-projets")
    assert "Consigne des pots de yaourt" in section(html, "titre-archive")
    assert "Pas de laverie" not in html  # the rationale stays the committee's
