from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from members.groups import TREASURER, VETTING_COMMITTEE


class PortalConfig(AppConfig):
    name = "jura_portal"
    verbose_name = _("Portail")
    # What each staff group may do with this app's models (collected by members.groups.ensure_groups).
    staff_groups = {
        VETTING_COMMITTEE: ["view_auditentry"],
        TREASURER: ["view_auditentry"],
    }
