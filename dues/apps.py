from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import TREASURER


class DuesConfig(AppConfig):
    name = "dues"
    label = "dues"
    verbose_name = _("Cotisations")
    # Its part of a person's data: export, erasure (core.personal_data).
    personal_data = "dues.privacy"
    # What each staff group may do with this app's models (collected by core.groups.ensure_groups).
    audit_detail_labels = {
        "amount_cents": _("montant"),
        "received_cents": _("montant reçu"),
        "provider": _("moyen de paiement"),
        "credit_note": _("avoir"),
        "days": _("jours avant l'échéance"),
        "offset_days": _("jours par rapport à l'échéance"),
    }
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
        from core import space_cards
        from dues import (
            checks,  # noqa: F401 - registers the deployment checks
            receivers,  # noqa: F401 - connects the receivers
        )
        from dues.views.space import dues_card, join_fees_section
        from members import join_sections

        if dues_card not in space_cards.MAIN:
            space_cards.MAIN.append(dues_card)
        if join_fees_section not in join_sections.SECTIONS:
            join_sections.SECTIONS.append(join_fees_section)
