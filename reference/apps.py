from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import VETTING_COMMITTEE


class ReferenceConfig(AppConfig):
    """The territory and the trades: reference data every domain may use, depending on none of them."""

    name = "reference"
    verbose_name = _("Référentiel")
    # The vetting committee curates the trades companies choose from (collected by core.groups.ensure_groups).
    staff_groups = {VETTING_COMMITTEE: ["view_sector", "change_sector", "add_sector"]}
