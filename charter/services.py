"""Signing the charter, publishing a new version, and the re-signing campaign."""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from charter.errors import CharterError
from charter.models import CampaignReminder, CharterVersion, Signature
from charter.selectors import applicants_to_resign, out_of_standing_members, unsigned_members
from charter.signals import charter_deadline_missed, charter_signed
from core.access import is_active_member
from core.errors import PortalError
from jura_portal import audit
from members.models import Company, User
from members.notify import email_company


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
    # The members app follows (members.receivers): the application's charter step, a suspension lifted.
    charter_signed.send(
        Signature, company=company, version=version, signature=signature, acting_user=acting_user
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
    for company in Company.objects.filter(status=Company.Status.ACTIVE):
        email_company(company, "charter_campaign_opened", {"version": version})
    for company in applicants_to_resign(version):
        email_company(company, "charter_applicant_resign", {"version": version})
    return version


def charter_campaign_tick(*, today: date | None = None) -> dict[str, int]:
    """The scheduled job: remind before the deadline, suspend after it. Running it twice does nothing twice.

    Each company is handled in its own transaction, its row locked and its state checked again:
    a company that resigns, is suspended or signs while the job runs is skipped, never a crash
    that leaves the others undone (a job killed half way is finished by the next run).
    """
    today = today or timezone.localdate()
    version = CharterVersion.objects.current()
    counts = {"reminders": 0, "suspended": 0, "skipped": 0}
    if version is None:
        return counts
    if version.signing_deadline is not None:
        days_left = (version.signing_deadline - today).days
        offsets = sorted(settings.CHARTER_REMINDER_DAYS, reverse=True)
        due = [offset for offset in offsets if 0 <= days_left <= offset]
        if due:
            # Only the closest offset reached: a member who joined late gets one reminder, not three.
            offset = min(due)
            for company_pk in list(unsigned_members(version).values_list("pk", flat=True)):
                sent = _remind(company_pk=company_pk, version=version, offset=offset, days_left=days_left)
                if sent:
                    counts["reminders"] += 1
                elif sent is None:
                    counts["skipped"] += 1
    # After a deadline (this version's, or an earlier one's still unanswered): the same rule as the
    # directory's, so the listing, the licence and the status change on the same morning.
    ended = CharterVersion.objects.published().filter(signing_deadline__lt=today).order_by("-number").first()
    if ended is not None:
        for company_pk in list(out_of_standing_members(today).values_list("pk", flat=True)):
            if _suspend(company_pk=company_pk, ended=ended, today=today):
                counts["suspended"] += 1
            else:
                counts["skipped"] += 1
    return counts


@transaction.atomic
def _remind(*, company_pk: int, version: CharterVersion, offset: int, days_left: int) -> bool | None:
    """One reminder, once (None when the company no longer needs it)."""
    company = Company.objects.select_for_update().filter(pk=company_pk).first()
    if (
        company is None
        or not is_active_member(company)
        or company.signatures.filter(version=version).exists()
    ):
        return None
    _reminder, created = CampaignReminder.objects.get_or_create(
        version=version, company=company, days_before=offset
    )
    if not created:
        return False
    email_company(company, "charter_reminder", {"version": version, "days_left": days_left})
    audit.record(None, "charter.reminder_sent", company, details={"version": version.number, "days": offset})
    return True


def _suspend(*, company_pk: int, ended: CharterVersion, today: date) -> bool:
    """Announce one company out of standing (the members app suspends it); False when it moved
    meanwhile (signed, resigned…) or when the suspension was refused."""
    try:
        with transaction.atomic():
            company = Company.objects.select_for_update().filter(pk=company_pk).first()
            if company is None or not out_of_standing_members(today).filter(pk=company_pk).exists():
                return False
            responses = charter_deadline_missed.send(CharterVersion, company=company, version=ended)
    except PortalError:
        return False
    return any(response is not None for _receiver, response in responses)
