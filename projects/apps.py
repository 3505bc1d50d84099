from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from projects.rules import LOCAL_AUTHORITY_SEATS, PROJECTS_COMMITTEE

# The committee reads everything of the domain, scores and decides gates (through the gate page's
# buttons, which call the services), and records the ledger; it never edits a status in a form.
_COMMITTEE = [
    "view_need",
    "change_need",
    "view_project",
    "add_project",
    "change_project",
    "view_phasename",
    "change_phasename",
    "view_gate",
    "add_gate",
    "change_gate",
    "decide_gate",
    "view_gatecriterion",
    "add_gatecriterion",
    "change_gatecriterion",
    "view_conflictdeclaration",
    "view_score",
    "view_role",
    "add_role",
    "change_role",
    "view_stakeholder",
    "add_stakeholder",
    "change_stakeholder",
    "view_commitment",
    "change_commitment",
    "view_indicator",
    "add_indicator",
    "change_indicator",
    "view_indicatorvalue",
    "add_indicatorvalue",
    "view_funding",
    "add_funding",
    "view_follower",
]


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets collectifs")
    # Its part of a person's data: export, erasure (core.personal_data).
    personal_data = "projects.privacy"
    # What each staff group may do with this app's models (collected by ensure_groups). The
    # local-authority seats group holds no permission: it marks which committee members represent one.
    staff_groups = {PROJECTS_COMMITTEE: _COMMITTEE, LOCAL_AUTHORITY_SEATS: []}
    # How the audit trail names this app's actions (read by core.history).
    audit_labels = {
        "need.reported": _("besoin signalé"),
        "need.qualified": _("besoin qualifié"),
        "need.closed": _("besoin clos"),
        "need.published": _("besoin rendu public"),
        "need.unpublished": _("besoin retiré du public"),
        "need.grouped": _("besoin rattaché à un projet"),
        "project.opened": _("projet ouvert"),
        "project.published": _("projet publié"),
        "project.unpublished": _("projet retiré du public"),
        "project.handed_over": _("projet transmis à son porteur"),
        "project.resumed": _("projet repris"),
        "project.archived": _("projet archivé"),
        "project.followed": _("projet suivi"),
        "project.unfollowed": _("projet plus suivi"),
        "gate.opened": _("jalon ouvert"),
        "gate.conflict_declared": _("conflit d'intérêts déclaré"),
        "gate.scored": _("critère noté"),
        "gate.decided": _("jalon décidé"),
        "role.added": _("rôle ajouté"),
        "stakeholder.added": _("partie prenante ajoutée"),
        "stakeholder.invited": _("entreprise invitée"),
        "stakeholder.interested": _("entreprise intéressée"),
        "commitment.pledged": _("engagement promis"),
        "commitment.confirmed": _("engagement confirmé"),
        "commitment.delivered": _("engagement réalisé"),
        "commitment.withdrawn": _("engagement retiré"),
        "indicator.added": _("indicateur ajouté"),
        "indicator.value_recorded": _("valeur d'indicateur saisie"),
        "funding.recorded": _("financement enregistré"),
    }
    audit_detail_labels = {
        "project": _("projet"),
        "project_title": _("projet"),
        "needs": _("besoins"),
        "phase": _("phase"),
        "status": _("statut"),
        "criterion": _("critère"),
        "value": _("valeur"),
        "changed": _("note modifiée"),
        "scores_withdrawn": _("notes retirées"),
        "role": _("rôle"),
        "critical": _("critique"),
        "source": _("origine"),
        "period": _("période"),
        "corrected": _("correction"),
        "follower": _("abonné"),
    }
    audit_detail_objects = {
        "project": "projects.Project",
        "role": "projects.Role",
        "criterion": "projects.GateCriterion",
    }

    def ready(self) -> None:
        from core import space_cards
        from jura_portal import pagecache
        from projects import receivers  # noqa: F401 - connects the members' signals
        from projects.models import (
            Commitment,
            Gate,
            Indicator,
            IndicatorValue,
            Need,
            PhaseName,
            Project,
            Role,
        )
        from projects.views.space import space_card

        # What /projets/ shows: every change of these moves the public pages' version.
        pagecache.watch(Need, Project, PhaseName, Gate, Role, Commitment, Indicator, IndicatorValue)
        if space_card not in space_cards.MAIN:
            space_cards.MAIN.append(space_card)
