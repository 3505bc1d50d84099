from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every domain shares (errors, staff moves, history, access, uploads, space cards, groups).

    It has no models and imports no domain app: domains import it, never the reverse.
    """

    name = "core"
    verbose_name = _("Socle commun")
