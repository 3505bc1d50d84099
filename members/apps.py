from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import EVENTS_TEAM, TREASURER, VETTING_COMMITTEE


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Adhérents")
    # The audit trail's labels for this app's records (read by core.history).
    audit_labels = {
        "application.started": _("Demande ouverte"),
        "application.document_added": _("Justificatif ajouté"),
        "application.document_removed": _("Justificatif retiré"),
        "application.submitted": _("Demande déposée"),
        "application.review_started": _("Prise en examen"),
        "application.info_requested": _("Informations demandées"),
        "application.checklist": _("Liste de vérification mise à jour"),
        "application.accepted": _("Demande acceptée"),
        "application.rejected": _("Demande refusée"),
        "application.withdrawn": _("Demande retirée"),
        "company.activated": _("Adhésion activée"),
        "company.suspended": _("Adhésion suspendue"),
        "company.reactivated": _("Adhésion réactivée"),
        "company.lapsed": _("Cotisation impayée"),
        "company.resigned": _("Démission"),
        "company.excluded": _("Exclusion"),
        "company.representative_added": _("Représentant ajouté"),
        "company.representative_removed": _("Représentant retiré"),
        "company.owner_handed_over": _("Nouveau responsable"),
    }
    audit_detail_labels = {
        "location": _("implantation"),
        "quality": _("qualité"),
        "ethics": _("éthique"),
        "company": _("entreprise"),
        "company_id": _("entreprise"),
    }
    audit_detail_objects = {
        "company": "members.Company",
        "company_id": "members.Company",
    }
    # What each staff group may do with this app's models (collected by core.groups.ensure_groups).
    staff_groups = {
        VETTING_COMMITTEE: [
            "view_application",
            "change_application",
            "vet_application",
            "view_applicationdocument",
            "view_company",
            "change_company",
            "view_companyrole",
            # RGPD: the committee answers the export and erasure requests of the people it vets.
            "view_erasurerequest",
            "erase_personal_data",
        ],
        TREASURER: ["view_company", "view_companyrole"],
        EVENTS_TEAM: ["view_company", "view_companyrole"],
    }

    def ready(self) -> None:
        from members import receivers  # noqa: F401 - follows the charter's signals
