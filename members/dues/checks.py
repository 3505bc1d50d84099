"""Deployment checks of the dues: an invoice without the association's SIREN is not a legal invoice."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def association_identity_on_invoices(app_configs, **kwargs) -> list[Warning]:
    if settings.ASSOCIATION.get("siren"):
        return []
    return [
        Warning(
            "ASSOCIATION_SIREN is empty: invoices would print 'SIREN : non renseigné'.",
            hint="Set ASSOCIATION_SIREN (and ASSOCIATION_ADDRESS) to the association's own details.",
            id="dues.W001",
        )
    ]
