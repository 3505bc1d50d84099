"""Deployment checks of the dues: an invoice without the association's SIREN is not a legal invoice,
and a transfer cannot be made without the association's bank details."""

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


@register(Tags.security, deploy=True)
def bank_details_for_transfers(app_configs, **kwargs) -> list[Warning]:
    if not settings.DUES_BANK_TRANSFER:
        return []
    missing = [name for name in ("iban", "bic") if not settings.ASSOCIATION.get(name)]
    if not missing:
        return []
    return [
        Warning(
            f"Bank transfer is offered (DUES_BANK_TRANSFER) but {' and '.join(n.upper() for n in missing)} "
            "is empty: members could not make the transfer from the pay page or the invoice.",
            hint="Set ASSOCIATION_IBAN and ASSOCIATION_BIC, or DUES_BANK_TRANSFER=0 to offer no transfer.",
            id="dues.W002",
        )
    ]
