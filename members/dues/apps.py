from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from members.groups import TREASURER


class DuesConfig(AppConfig):
    name = "members.dues"
    label = "dues"
    verbose_name = _("Cotisations")
    # What each staff group may do with this app's models (collected by members.groups.ensure_groups).
    staff_groups = {
        TREASURER: [
            "view_feeschedule",
            "add_feeschedule",
            "change_feeschedule",
            "view_invoice",
            "manage_dues",
            "view_payment",
            "view_creditnote",
            "view_reminder",
        ],
    }

    def ready(self) -> None:
        from members import services, space_cards
        from members.dues import (
            checks,  # noqa: F401 - registers the deployment checks
            receivers,  # noqa: F401 - connects the receivers
        )
        from members.dues import services as dues_services
        from members.dues.views import dues_card

        if dues_services.issue_first_invoice_on_accept not in services.ON_ACCEPT:
            services.ON_ACCEPT.append(dues_services.issue_first_invoice_on_accept)
        if dues_card not in space_cards.MAIN:
            space_cards.MAIN.append(dues_card)
