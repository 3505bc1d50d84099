from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from members.groups import EVENTS_TEAM, TREASURER, VETTING_COMMITTEE


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Adhérents")
    # What each staff group may do with this app's models (collected by members.groups.ensure_groups).
    staff_groups = {
        VETTING_COMMITTEE: [
            "view_application",
            "change_application",
            "vet_application",
            "view_applicationdocument",
            "view_company",
            "change_company",
            "view_companyrole",
            "view_sector",
            "change_sector",
            "add_sector",
            # RGPD: the committee answers the export and erasure requests of the people it vets.
            "view_erasurerequest",
            "erase_personal_data",
        ],
        TREASURER: ["view_company", "view_companyrole"],
        EVENTS_TEAM: ["view_company", "view_companyrole"],
    }
