"""Personal data (RGPD): the export a person downloads, erasure, and the retention purges.

What is kept and for how long is written on /confidentialite/ (templates/pages/privacy.html);
the periods below are the ones that page states. An erased person's account row stays,
anonymised (no name, no address, no password, inactive), because invoices, charter
signatures and the audit trail point to it; everything that identified the person goes.
"""

import io
import json
import zipfile
from datetime import timedelta

from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import ProtectedError, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from core import personal_data
from core.personal_data import ERASED_NAME, erased_email, row
from jura_portal import audit, emails
from jura_portal.files import delete_on_commit
from members.errors import MembershipError
from members.models import Application, ApplicationDocument, Company, CompanyRole, ErasureRequest, User

__all__ = ["ERASED_NAME", "erased_email"]  # the names the export and erasure give (core.personal_data)

# Retention periods, as /confidentialite/ states them (those of registrations: events.privacy).
UNVERIFIED_ACCOUNT_DAYS = 30  # an address never confirmed: the account is deleted
INACTIVE_ACCOUNT_DAYS = 3 * 365  # an account without a company, unused: erased
DRAFT_APPLICATION_DAYS = 365  # a draft nobody touched: deleted with its applicant file
ENDED_APPLICATION_DAYS = 3 * 365  # a refused or withdrawn application of a company never member


# --- Export ----------------------------------------------------------------------------------------


def _merge(data: dict, part: dict) -> None:
    """An app's part of the export: new keys added, a dict under an existing key merged into it."""
    for key, value in part.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value


def personal_data_export(*, user: User) -> bytes:
    """A ZIP with `donnees.json` (the account, its company if the person owns it, applications,
    then each app's part: signatures, event registrations, offers, invoices...) and the files
    uploaded for them. The other apps' parts come through core.personal_data."""
    from allauth.account.models import EmailAddress

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zip_file:
        archive = personal_data.Archive(zip_file)
        data: dict = {
            "exporte_le": timezone.now(),
            "compte": row(user, exclude=("password",)),
            "adresses_email": [
                row(address, exclude=("user",)) for address in EmailAddress.objects.filter(user=user)
            ],
        }
        role = CompanyRole.objects.filter(user=user).select_related("company").first()
        owned = role.company if role and role.role == CompanyRole.Role.OWNER else None
        data["role"] = {"entreprise": str(role.company), "role": role.role} if role else None
        if owned is not None:
            company = row(owned)
            company["logo_fichier"] = archive.add_file(owned.logo, "logo")
            data["entreprise"] = company
        applications = Application.objects.filter(
            Q(applicant=user) | Q(company=owned) if owned else Q(applicant=user)
        ).prefetch_related("documents")
        data["demandes_adhesion"] = []
        for application in applications:
            application_row = row(application)
            application_row["justificatifs"] = [
                {**row(doc), "fichier": archive.add_file(doc.file, "justificatifs")}
                for doc in application.documents.all()
            ]
            data["demandes_adhesion"].append(application_row)
        for module in personal_data.modules("export"):
            _merge(data, module.export(user, company=owned, archive=archive))
        zip_file.writestr(
            "donnees.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        zip_file.writestr(
            "LISEZMOI.txt",
            _(
                "Vos données personnelles enregistrées par le portail Made in Jura.\n"
                "donnees.json : votre compte, votre entreprise si vous en êtes responsable, vos demandes "
                "d'adhésion, signatures de la charte, inscriptions aux événements, offres et la liste des "
                "factures (leurs PDF sont dans votre espace, rubrique Cotisations).\n"
                "fichiers/ : les fichiers envoyés (logo, justificatifs, photos).\n"
            ),
        )
    return buffer.getvalue()


# --- Erasure ----------------------------------------------------------------------------------------


@transaction.atomic
def erasure_request_create(*, user: User, acting_user: User, message: str = "") -> ErasureRequest:
    """Record that a person asks for erasure (from their space, or staff on their behalf); one open at a time."""
    user = User.objects.select_for_update().get(pk=user.pk)
    existing = ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.REQUESTED).first()
    if existing is not None:
        return existing
    request = ErasureRequest.objects.create(
        user=user, message=message.strip()[:2000], requested_by=acting_user
    )
    audit.record(acting_user, "privacy.erasure_requested", request, to_state=request.status)
    # The law gives a month: the people who may carry it out are told (no personal data in the email).
    erasers = Permission.objects.get(content_type__app_label="members", codename="erase_personal_data")
    recipients = list(
        User.objects.filter(
            Q(is_superuser=True) | Q(user_permissions=erasers) | Q(groups__permissions=erasers),
            is_active=True,
            is_staff=True,
        )
        .values_list("email", flat=True)
        .distinct()
    )
    if recipients:
        emails.send_templated("erasure_requested", to=recipients, context={"erasure": request})
    return request


@transaction.atomic
def erasure_request_carry_out(*, request: ErasureRequest, acting_user: User) -> ErasureRequest:
    """Staff carry out a request: the person's data are erased or anonymised (user_erase)."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ErasureRequest.Status.REQUESTED:
        raise MembershipError(_("Cette demande d'effacement a déjà été traitée."))
    address = request.user.email  # the last message goes to the address the person had
    summary = user_erase(user=request.user, acting_user=acting_user)
    request.status = ErasureRequest.Status.DONE
    request.decided_at = timezone.now()
    request.decided_by = acting_user
    request.summary = summary
    request.message = ""  # the person's own words may name them
    request.save(update_fields=["status", "decided_at", "decided_by", "summary", "message"])
    audit.record(
        acting_user,
        "privacy.erasure_done",
        request,
        from_state=ErasureRequest.Status.REQUESTED,
        to_state=request.status,
    )
    emails.send_templated("erasure_done", to=[address], context={})
    return request


@transaction.atomic
def erasure_request_refuse(*, request: ErasureRequest, acting_user: User, reason: str) -> ErasureRequest:
    """Staff refuse (e.g. identity not established), with a reason given to the person."""
    if not reason.strip():
        raise MembershipError(_("Le motif du refus est obligatoire : il est communiqué à la personne."))
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ErasureRequest.Status.REQUESTED:
        raise MembershipError(_("Cette demande d'effacement a déjà été traitée."))
    request.status = ErasureRequest.Status.REFUSED
    request.decided_at = timezone.now()
    request.decided_by = acting_user
    request.decision_reason = reason.strip()
    request.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    audit.record(acting_user, "privacy.erasure_refused", request, to_state=request.status, comment=reason)
    emails.send_templated("erasure_refused", to=[request.user.email], context={"erasure": request})
    return request


def _delete_applicant_file(company: Company) -> None:
    """A company that never became a member: its whole file goes (applications, documents, logo)."""
    for document in ApplicationDocument.objects.filter(application__company=company):
        delete_on_commit(document.file.storage, document.file.name)
    delete_on_commit(company.logo.storage, company.logo.name)
    company.delete()


def _never_member(company: Company) -> bool:
    """No member number, and no record another app must keep (an invoice: dues.privacy)."""
    return company.member_number is None and not any(
        module.keeps_company(company) for module in personal_data.modules("keeps_company")
    )


def _hand_over_ownership(company: Company, acting_user: User | None, summary: dict) -> None:
    """The owner erased, the company's longest-standing representative becomes its owner: someone
    can still sign, invite, pay and resign for it. With nobody left, staff read it in the summary."""
    successor = company.roles.select_related("user").order_by("created_at", "pk").first()
    if successor is None:
        summary["company_without_owner"] = company.pk
        return
    successor.role = CompanyRole.Role.OWNER
    successor.save(update_fields=["role"])
    summary["owner_handed_over_to"] = successor.user_id
    audit.record(
        acting_user,
        "company.owner_handed_over",
        company,
        details={"email": successor.user.email, "name": successor.user.get_full_name()},
    )


@transaction.atomic
def user_erase(*, user: User, acting_user: User | None) -> dict:
    """Erase a person: account anonymised, their applicant file deleted, registrations anonymised.

    Kept, for the periods /confidentialite/ states: a member company's invoices (10 years,
    Code de commerce L123-22), its charter signatures (the membership and 3 years: proof of the
    commitment), its licence history (5 years), the audit trail (pointing to the anonymised account).
    """
    from allauth.account.models import EmailAddress

    user = User.objects.select_for_update().get(pk=user.pk)
    old_email, old_name = user.email, user.get_full_name()
    summary: dict = {"erased_at": timezone.now().isoformat(), "kept": []}
    role = CompanyRole.objects.filter(user=user).select_related("company").first()
    if role is not None:
        company = role.company
        if role.role == CompanyRole.Role.OWNER and _never_member(company):
            summary["company_deleted"] = True
            _delete_applicant_file(company)
        else:
            role.delete()
            if role.role == CompanyRole.Role.OWNER:
                _hand_over_ownership(company, acting_user, summary)
            summary["kept"].append(
                "entreprise adhérente (personne morale), ses factures, signatures de la charte et licences"
            )
    for module in personal_data.modules("erase"):  # registrations anonymised, offers' author removed...
        summary.update(module.erase(user))
    EmailAddress.objects.filter(user=user).delete()
    if apps.is_installed("allauth.mfa"):  # second factors (staff), when MFA is on
        apps.get_model("mfa", "Authenticator").objects.filter(user=user).delete()
    user.email = erased_email(user.pk)
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()  # also ends every open session (the session hash changes)
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    _scrub_audit(old_email, old_name, erased_email(user.pk))
    _scrub_traces(old_email, old_name, erased_email(user.pk))
    audit.record(acting_user, "privacy.user_erased", user, details={"user_id": user.pk})
    return summary


def _scrub_audit(email: str, name: str, replacement: str) -> None:
    """The audit trail keeps what happened, not who the erased person was."""
    from jura_portal.models import AuditEntry

    # A full name only ("Claire Vermot"): a lone first name would blank unrelated entries.
    needles = [email] + ([name] if " " in name.strip() else [])
    for needle in needles:
        AuditEntry.objects.filter(target_repr__icontains=needle).update(target_repr=ERASED_NAME)
        AuditEntry.objects.filter(comment__icontains=needle).update(comment="")

    # Details name people under many keys (email, name, before/after a name change, lists of people).
    def scrub(value, needle: str):
        if isinstance(value, dict):
            return {key: scrub(item, needle) for key, item in value.items()}
        if isinstance(value, list):
            return [scrub(item, needle) for item in value]
        if isinstance(value, str) and needle.lower() in value.lower():
            return replacement if value.strip().lower() == email.lower() else ERASED_NAME
        return value

    for needle in needles:
        entries = AuditEntry.objects.annotate(details_text=Cast("details", TextField())).filter(
            details_text__icontains=needle
        )
        for entry in entries:
            entry.details = scrub(entry.details, needle)
            entry.save(update_fields=["details"])


def _scrub_traces(email: str, name: str, replacement: str) -> None:
    """What the portal kept of messages and pages: e-mails sent (their recipients), background tasks
    that ended (an e-mail's address and text), stored public pages (an older copy may name them)."""
    from jura_portal.models import CachedPage, SentEmail

    for sent in SentEmail.objects.filter(to__icontains=email):
        sent.to = ", ".join(
            replacement if address.strip().lower() == email.lower() else address.strip()
            for address in sent.to.split(",")
        )
        sent.save(update_fields=["to"])
    needles = [email] + ([name] if " " in name.strip() else [])
    with connection.cursor() as cursor:
        for needle in needles:
            cursor.execute(
                "DELETE FROM procrastinate_jobs WHERE status NOT IN ('todo', 'doing')"
                " AND position(lower(%s) in lower(args::text)) > 0",
                [needle],
            )
    pages = Q()
    for needle in needles:
        pages |= Q(body__icontains=needle)
    CachedPage.objects.filter(pages).delete()


# --- Retention purges (`manage.py privacy_purge`, daily) ---------------------------------------------


def unverified_accounts_purge(*, now=None) -> int:
    """Accounts whose address was never confirmed, after UNVERIFIED_ACCOUNT_DAYS, with nothing attached."""
    now = now or timezone.now()
    from allauth.account.models import EmailAddress

    candidates = (
        User.objects.filter(
            is_staff=False, date_joined__lt=now - timedelta(days=UNVERIFIED_ACCOUNT_DAYS), is_active=True
        )
        .exclude(pk__in=EmailAddress.objects.filter(verified=True).values("user_id"))
        .exclude(pk__in=CompanyRole.objects.values("user_id"))
        .exclude(email__endswith="@efface.invalid")
    )
    deleted = 0
    for user in candidates:
        try:
            with transaction.atomic():
                user.delete()
                deleted += 1
        except ProtectedError:  # something points to it: anonymise instead
            with transaction.atomic():
                user_erase(user=user, acting_user=None)
                deleted += 1
    return deleted


def inactive_accounts_purge(*, now=None) -> int:
    """Accounts without a company, unused for INACTIVE_ACCOUNT_DAYS: erased."""
    now = now or timezone.now()
    limit = now - timedelta(days=INACTIVE_ACCOUNT_DAYS)
    candidates = (
        User.objects.filter(is_staff=False, is_active=True)
        .filter(Q(last_login__lt=limit) | Q(last_login=None, date_joined__lt=limit))
        .exclude(pk__in=CompanyRole.objects.values("user_id"))
    )
    count = 0
    for user in candidates:
        with transaction.atomic():
            user_erase(user=user, acting_user=None)
            count += 1
    return count


def applicant_files_purge(*, now=None) -> int:
    """Companies that never became members: a draft untouched for DRAFT_APPLICATION_DAYS, or an
    application refused or withdrawn ENDED_APPLICATION_DAYS ago (and none since) — the file goes."""
    now = now or timezone.now()
    stale_draft = Q(
        status=Application.Status.DRAFT, updated_at__lt=now - timedelta(days=DRAFT_APPLICATION_DAYS)
    )
    ended = Q(
        status__in=[Application.Status.REJECTED, Application.Status.WITHDRAWN],
        updated_at__lt=now - timedelta(days=ENDED_APPLICATION_DAYS),
    )
    recent = Application.objects.exclude(stale_draft | ended)  # a company with any of these stays
    companies = (
        Company.objects.filter(member_number=None, status=Company.Status.APPLICANT)
        .filter(pk__in=Application.objects.filter(stale_draft | ended).values("company_id"))
        .exclude(pk__in=recent.values("company_id"))
        .distinct()
    )
    count = 0
    for company in companies:
        with transaction.atomic():
            company = Company.objects.select_for_update().get(pk=company.pk)
            if not _never_member(company):  # an invoice (dues.privacy) keeps it
                continue
            _delete_applicant_file(company)
            audit.record(None, "privacy.applicant_file_purged", None, details={"company_id": company.pk})
            count += 1
    return count


def app_data_purge(*, now=None) -> dict[str, int]:
    """Each app's own retention purge (core.personal_data: events' registrations...), counts merged."""
    counts: dict[str, int] = {}
    for module in personal_data.modules("purge"):
        counts.update(module.purge(now=now))
    return counts
