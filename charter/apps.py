from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import VETTING_COMMITTEE


class CharterConfig(AppConfig):
    name = "charter"
    verbose_name = _("Charte")
    # Its part of a person's data: export, erasure (core.personal_data).
    personal_data = "charter.privacy"
    # What each staff group may do with this app's models (collected by core.groups.ensure_groups).
    audit_labels = {
        "charter.signed": _("Charte signée"),
    }
    staff_groups = {
        VETTING_COMMITTEE: [
            "view_charterversion",
            "add_charterversion",
            "change_charterversion",
            "delete_charterversion",
            "view_signature",
            "view_campaignreminder",
        ],
    }
