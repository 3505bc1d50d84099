from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import TREASURER, VETTING_COMMITTEE


class PortalConfig(AppConfig):
    name = "jura_portal"
    verbose_name = _("Portail")
    # What each staff group may do with this app's models (collected by core.groups.ensure_groups).
    staff_groups = {
        VETTING_COMMITTEE: ["view_auditentry"],
        # Background work: the scheduled jobs (renewals, reminders...) and the tasks that failed.
        TREASURER: [
            "view_auditentry",
            "view_jobrun",
            "run_scheduled_jobs",
            "view_backgroundtask",
            "retry_backgroundtask",
        ],
    }

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added, authenticator_removed
        from django.contrib.auth.signals import user_logged_in

        from jura_portal.accounts import note_second_factor

        for signal in (user_logged_in, authenticator_added, authenticator_removed):
            signal.connect(note_second_factor)
