"""The members app follows what the charter announces (charter.signals), inside its transaction:
the charter never writes through the members app's services."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from charter.models import CharterVersion, Signature
from charter.signals import charter_deadline_missed, charter_signed
from members import lifecycle, services
from members.models import Application, Company, User


@receiver(charter_signed, dispatch_uid="members.charter_signature_followed")
def charter_signature_followed(
    sender,
    *,
    company: Company,
    version: CharterVersion,
    signature: Signature,
    acting_user: User,
    **kwargs,
) -> None:
    """The application's charter step is done; a suspension for the charter is lifted."""
    application = company.applications.filter(status__in=Application.OPEN_STATUSES).first()
    if application is not None and application.is_editable:
        services.application_update(
            application=application, acting_user=acting_user, step=Application.Step.CHARTER
        )
    if company.status == Company.Status.SUSPENDED and company.suspended_for_charter:
        lifecycle.company_reactivate(
            company=company,
            acting_user=acting_user,
            reason=_("Charte v%(n)s signée.") % {"n": version.number},
        )


@receiver(charter_deadline_missed, dispatch_uid="members.charter_deadline_suspension")
def charter_deadline_suspension(sender, *, company: Company, version: CharterVersion, **kwargs) -> Company:
    """A member out of standing after a campaign's deadline is suspended until it signs."""
    reason = _("Charte v%(n)s non signée à l'échéance du %(date)s.") % {
        "n": version.number,
        "date": version.signing_deadline.strftime("%d/%m/%Y"),
    }
    return lifecycle.company_suspend(company=company, acting_user=None, reason=reason, for_charter=True)
