"""Signing the charter, publishing a new version, and the re-signing campaign."""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from charter.models import CampaignReminder, CharterVersion, Signature
from jura_portal import audit, emails
from members import lifecycle
from members import services as members
from members.models import Application, Company, User


class CharterError(Exception):
    """A charter move the rules do not allow; the message is for the person who tried."""


@transaction.atomic
def charter_sign(
    *,
    company: Company,
    version: CharterVersion,
    acting_user: User,
    full_name: str,
    ip_address: str | None,
    user_agent: str,
) -> Signature:
    """Record the company's signature of `version`, with its proof; lifts a charter suspension."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    version = CharterVersion.objects.get(pk=version.pk)
    if not version.is_published:
        raise CharterError(_("Cette version de la charte n'est pas encore publiée."))
    if version != CharterVersion.objects.current():
        raise CharterError(_("Une version plus récente de la charte a été publiée : signez celle-ci."))
    if not full_name.strip():
        raise CharterError(_("Saisissez votre nom complet pour signer."))
    if company.signatures.filter(version=version).exists():
        raise CharterError(_("Votre entreprise a déjà signé cette version de la charte."))
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                company=company,
                version=version,
                signer=acting_user,
                full_name=" ".join(full_name.split()),
                text_sha256=version.text_sha256,
                ip_address=ip_address,
                user_agent=user_agent[:500],
            )
    except IntegrityError as error:  # two clicks at once: one signature
        raise CharterError(_("Votre entreprise a déjà signé cette version de la charte.")) from error
    audit.record(
        acting_user,
        "charter.signed",
        company,
        details={"version": version.number, "sha256": signature.text_sha256, "ip": ip_address},
    )
    application = company.applications.filter(status__in=Application.OPEN_STATUSES).first()
    if application is not None and application.is_editable:
        members.application_update(
            application=application, acting_user=acting_user, step=Application.Step.CHARTER
        )
    if company.status == Company.Status.SUSPENDED and company.suspended_for_charter:
        lifecycle.company_reactivate(
            company=company,
            acting_user=acting_user,
            reason=_("Charte v%(n)s signée.") % {"n": version.number},
        )
    return signature


@transaction.atomic
def charter_publish(*, version: CharterVersion, acting_user: User, signing_deadline: date) -> CharterVersion:
    """Publish a new version: it becomes current and every active member is asked to sign it."""
    version = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise CharterError(_("Cette version est déjà publiée."))
    current = CharterVersion.objects.current()
    if current is not None and version.number <= current.number:
        raise CharterError(
            _("Le numéro de version doit dépasser celui de la version en vigueur (v%(n)s).")
            % {"n": current.number}
        )
    if signing_deadline <= timezone.localdate():
        raise CharterError(_("La date limite de signature doit être dans le futur."))
    version.published_at = timezone.now()
    version.signing_deadline = signing_deadline
    version.save(update_fields=["published_at", "signing_deadline"])
    audit.record(
        acting_user, "charter.published", version, details={"deadline": signing_deadline.isoformat()}
    )
    for company in Company.objects.filter(status=Company.Status.ACTIVE).prefetch_related("roles__user"):
        recipients = [role.user.email for role in company.roles.all()]
        if recipients:
            emails.send_templated(
                "charter_campaign_opened", to=recipients, context={"company": company, "version": version}
            )
    return version


def unsigned_members(version: CharterVersion):
    """Active members that have not signed `version`."""
    return Company.objects.filter(status=Company.Status.ACTIVE).exclude(signatures__version=version)


def charter_campaign_tick(*, today: date | None = None) -> dict[str, int]:
    """The scheduled job: remind before the deadline, suspend after it. Running it twice does nothing twice."""
    today = today or timezone.localdate()
    version = CharterVersion.objects.current()
    counts = {"reminders": 0, "suspended": 0}
    if version is None or version.signing_deadline is None:
        return counts
    days_left = (version.signing_deadline - today).days
    offsets = sorted(settings.CHARTER_REMINDER_DAYS, reverse=True)
    due = [offset for offset in offsets if 0 <= days_left <= offset]
    if due:
        # Only the closest offset reached: a member who joined late gets one reminder, not three.
        offset = min(due)
        for company in unsigned_members(version).prefetch_related("roles__user"):
            with transaction.atomic():
                _reminder, created = CampaignReminder.objects.get_or_create(
                    version=version, company=company, days_before=offset
                )
                if not created:
                    continue
                recipients = [role.user.email for role in company.roles.all()]
                if recipients:
                    emails.send_templated(
                        "charter_reminder",
                        to=recipients,
                        context={"company": company, "version": version, "days_left": days_left},
                    )
                audit.record(
                    None,
                    "charter.reminder_sent",
                    company,
                    details={"version": version.number, "days": offset},
                )
                counts["reminders"] += 1
    if days_left < 0:
        reason = _("Charte v%(n)s non signée à l'échéance du %(date)s.") % {
            "n": version.number,
            "date": version.signing_deadline.strftime("%d/%m/%Y"),
        }
        for company in unsigned_members(version):
            lifecycle.company_suspend(company=company, acting_user=None, reason=reason, for_charter=True)
            counts["suspended"] += 1
    return counts


def reminder_dates(version: CharterVersion) -> list[date]:
    """When the reminders of a campaign go out (for the staff's information)."""
    if version.signing_deadline is None:
        return []
    return [
        version.signing_deadline - timedelta(days=days)
        for days in sorted(settings.CHARTER_REMINDER_DAYS, reverse=True)
    ]
