"""Every change of state of applications and companies: one function per arrow.

Order inside each: lock the row, check the current state, change, save,
audit, then emails after commit. Views and admin actions call these; nothing
else sets a status.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import IntegerField, Max, Q
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret as siret_numbers

from core.groups import VETTING_COMMITTEE
from jura_portal import audit, emails
from jura_portal.files import delete_on_commit
from members.errors import MembershipError
from members.models import Application, ApplicationDocument, Company, CompanyRole, User
from members.notify import email_company
from members.signals import company_status_changed
from reference.models import Sector


def clean_siret(value: str) -> str:
    """The SIRET as 14 digits, or MembershipError with a French explanation."""
    try:
        return siret_numbers.validate(value)
    except StdnumError as error:
        compact = siret_numbers.compact(value or "")
        if not compact.isdigit() or len(compact) != 14:
            raise MembershipError(_("Un SIRET compte exactement 14 chiffres.")) from error
        raise MembershipError(
            _(
                "Ce SIRET n'est pas valide (la clé de contrôle ne correspond pas) : vérifiez-le sur votre Kbis."
            )
        ) from error


# --- People ---------------------------------------------------------------------------


@transaction.atomic
def user_set_name(*, user: User, first_name: str, last_name: str) -> User:
    """A person gives (or corrects) their first and last name."""
    first_name, last_name = " ".join(first_name.split()), " ".join(last_name.split())
    if not first_name or not last_name:
        raise MembershipError(_("Indiquez votre prénom et votre nom."))
    user = User.objects.select_for_update().get(pk=user.pk)
    before = user.get_full_name()
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    audit.record(user, "user.named", user, details={"before": before, "after": user.get_full_name()})
    return user


# --- Applications -------------------------------------------------------------------


@transaction.atomic
def application_start(
    *, siret: str, legal_name: str, acting_user: User, publish_phone: bool = False, **company_fields
) -> Application:
    """Open a draft application for the company with this SIRET, its applicant becoming its owner."""
    siret = clean_siret(siret)
    user = User.objects.select_for_update().get(pk=acting_user.pk)
    existing_role = CompanyRole.objects.filter(user=user).select_related("company").first()
    company = Company.objects.select_for_update().filter(siret=siret).first()

    if existing_role and (company is None or existing_role.company_id != company.pk):
        raise MembershipError(
            _(
                "Votre compte représente déjà l'entreprise %(name)s : une personne représente une seule entreprise."
            )
            % {"name": existing_role.company}
        )
    if company is not None:
        if company.is_member:
            raise MembershipError(_("Cette entreprise est déjà adhérente de Made in Jura."))
        if company.applications.filter(status__in=Application.OPEN_STATUSES).exists():
            raise MembershipError(
                _("Une demande d'adhésion est déjà en cours pour ce SIRET : une seule demande à la fois.")
            )
        if existing_role is None:
            raise MembershipError(
                _("Cette entreprise est déjà connue du réseau : demandez à son responsable de vous inviter.")
            )
        for field, value in {"legal_name": legal_name, **company_fields}.items():
            setattr(company, field, value)
        company.save()
    else:
        company = Company.objects.create(
            siret=siret, legal_name=legal_name, slug=_unique_slug(legal_name, siret), **company_fields
        )
        CompanyRole.objects.create(company=company, user=user, role=CompanyRole.Role.OWNER)

    try:
        with transaction.atomic():
            application = Application.objects.create(
                company=company,
                applicant=user,
                completed_steps=[Application.Step.IDENTITY],
                publish_phone=publish_phone,
            )
    except IntegrityError as error:  # two tabs starting at once: the constraint decides
        raise MembershipError(_("Une demande d'adhésion est déjà en cours pour ce SIRET.")) from error
    audit.record(user, "application.started", application, to_state=application.status)
    return application


@transaction.atomic
def application_update(
    *,
    application: Application,
    acting_user: User,
    step: int,
    company_fields: dict | None = None,
    application_fields: dict | None = None,
    sectors: list[Sector] | None = None,
    complete: bool = True,
) -> Application:
    """Save one step of the file while the applicant may still change it.

    `complete=False` is a draft save of a half-filled step: kept, but the step
    counts as still to do.
    """
    application = Application.objects.select_for_update().select_related("company").get(pk=application.pk)
    if not application.is_editable:
        raise MembershipError(_("Cette demande ne peut plus être modifiée : elle est en cours d'examen."))
    company = application.company
    old_logo = company.logo.name
    if company_fields:
        if "siret" in company_fields:
            company_fields["siret"] = clean_siret(company_fields["siret"])
            if Company.objects.filter(siret=company_fields["siret"]).exclude(pk=company.pk).exists():
                raise MembershipError(_("Ce SIRET est déjà utilisé par une autre entreprise du réseau."))
        for field, value in company_fields.items():
            setattr(company, field, value)
        check_lengths(company, company_fields)
        company.save()
        if company.logo.name != old_logo:  # replaced or removed: nothing shows the old file any more
            delete_on_commit(company.logo.storage, old_logo)
    if sectors is not None:
        company.sectors.set(sectors)
    for field, value in (application_fields or {}).items():
        setattr(application, field, value)
    check_lengths(application, application_fields or {})
    done = set(application.completed_steps)
    application.completed_steps = sorted(done | {step} if complete else done - {step})
    application.save()
    return application


@transaction.atomic
def application_add_document(
    *, application: Application, acting_user: User, title: str, file, size: int
) -> ApplicationDocument:
    """Attach a supporting PDF (already checked by the form) to an editable application."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_editable:
        raise MembershipError(_("Cette demande ne peut plus être modifiée : elle est en cours d'examen."))
    if application.documents.count() >= 10:
        raise MembershipError(_("Dix justificatifs au plus par demande : retirez-en un avant d'en ajouter."))
    document = ApplicationDocument.objects.create(application=application, title=title, file=file, size=size)
    audit.record(acting_user, "application.document_added", application, details={"title": title})
    return document


@transaction.atomic
def application_remove_document(*, document: ApplicationDocument, acting_user: User) -> None:
    application = Application.objects.select_for_update().get(pk=document.application_id)
    if not application.is_editable:
        raise MembershipError(_("Cette demande ne peut plus être modifiée : elle est en cours d'examen."))
    title = document.title
    document.file.delete(save=False)
    document.delete()
    audit.record(acting_user, "application.document_removed", application, details={"title": title})


def check_lengths(instance: models.Model, names) -> None:
    """The length limits the model declares (text_limit), whatever path the text came by."""
    for name in names:
        field = instance._meta.get_field(name)
        if not isinstance(field, models.CharField | models.TextField):
            continue
        try:
            field.run_validators(getattr(instance, name))
        except ValidationError as error:
            raise MembershipError(f"{capfirst(field.verbose_name)} : {error.messages[0]}") from error


def missing_steps(application: Application) -> list[str]:
    """The steps the applicant still has to fill in, by name."""
    from charter.models import CharterVersion

    missing = [
        str(label)
        for value, label in Application.Step.choices
        if value not in application.completed_steps and value != Application.Step.REVIEW
    ]
    current = CharterVersion.objects.current()
    charter_label = str(Application.Step.CHARTER.label)
    signed = current is None or application.company.signatures.filter(version=current).exists()
    if not signed and charter_label not in missing:
        missing.append(charter_label)
    return missing


def charter_outdated(company: Company):
    """The version in force when `company` has not signed it (a new version came out meanwhile), else None."""
    from charter.models import CharterVersion

    current = CharterVersion.objects.current()
    if current is None or company.signatures.filter(version=current).exists():
        return None
    return current


@transaction.atomic
def application_save_reply(*, application: Application, acting_user: User, reply: str) -> Application:
    """Keep the applicant's answer to the committee, not sent yet (it leaves with the file)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.INFO_REQUESTED:
        raise MembershipError(_("Le comité n'attend pas de réponse sur cette demande."))
    application.applicant_reply = reply.strip()
    application.save(update_fields=["applicant_reply", "updated_at"])
    return application


@transaction.atomic
def application_submit(*, application: Application, acting_user: User, reply: str = "") -> Application:
    """Send a complete file to the vetting committee (first time, or after a request for information)."""
    application = Application.objects.select_for_update().select_related("company").get(pk=application.pk)
    previous = application.status
    if previous not in (Application.Status.DRAFT, Application.Status.INFO_REQUESTED):
        raise MembershipError(_("Cette demande a déjà été envoyée."))
    missing = missing_steps(application)
    if missing:
        raise MembershipError(_("Il reste à compléter : %(steps)s.") % {"steps": ", ".join(missing)})
    if previous == Application.Status.INFO_REQUESTED:
        if not reply.strip():
            raise MembershipError(_("Répondez à la demande du comité avant de renvoyer votre dossier."))
        application.applicant_reply = reply.strip()
        check_lengths(application, ["applicant_reply"])
    application.status = Application.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    audit.record(
        acting_user,
        "application.submitted",
        application,
        from_state=previous,
        to_state=application.status,
        comment=application.applicant_reply if previous == Application.Status.INFO_REQUESTED else "",
    )
    email_company(application.company, "application_submitted", {"application": application})
    _email_vetting_committee("application_to_review", {"application": application})
    return application


@transaction.atomic
def application_start_review(*, application: Application, acting_user: User) -> Application:
    """A committee member takes a submitted application in hand."""
    application = _lock(application)
    _require(
        application, Application.Status.SUBMITTED, _("Seule une demande déposée peut être prise en examen.")
    )
    return _move(
        application, Application.Status.IN_REVIEW, acting_user, "application.review_started", reviewer=True
    )


@transaction.atomic
def application_request_info(*, application: Application, acting_user: User, message: str) -> Application:
    """Ask the applicant for more information; the file becomes editable again."""
    if not message.strip():
        raise MembershipError(_("Précisez les informations que vous demandez au candidat."))
    application = _lock(application)
    _require(
        application,
        Application.Status.IN_REVIEW,
        _("On ne peut demander des informations que pendant l'examen."),
    )
    application.info_request = message.strip()
    application.applicant_reply = ""
    check_lengths(application, ["info_request"])
    _move(
        application,
        Application.Status.INFO_REQUESTED,
        acting_user,
        "application.info_requested",
        comment=message,
    )
    email_company(application.company, "application_info_requested", {"application": application})
    return application


@transaction.atomic
def application_accept(*, application: Application, acting_user: User) -> Company:
    """Accept a vetted application: the company becomes an active member with a member number."""
    application = _lock(application)
    _require(
        application,
        Application.Status.IN_REVIEW,
        _("Seule une demande en cours d'examen peut être acceptée."),
    )
    if not application.checklist_complete:
        raise MembershipError(
            _("Cochez les trois vérifications (implantation, qualité, éthique) avant d'accepter la demande.")
        )
    outdated = charter_outdated(application.company)
    if outdated is not None:
        raise MembershipError(
            _(
                "La charte en vigueur (version %(n)s) n'est pas signée par le candidat : il a été prévenu et "
                "peut la signer depuis son espace. La demande pourra être acceptée une fois la charte signée."
            )
            % {"n": outdated.number}
        )
    application.decided_at = timezone.now()
    _move(application, Application.Status.ACCEPTED, acting_user, "application.accepted", reviewer=True)

    company = Company.objects.select_for_update().get(pk=application.company_id)
    previous = company.status
    company.status = Company.Status.ACTIVE
    company.member_number = company.member_number or _next_member_number()
    company.member_since = company.member_since or timezone.localdate()
    company.status_reason = ""
    company.save(update_fields=["status", "member_number", "member_since", "status_reason", "updated_at"])
    audit.record(acting_user, "company.activated", company, from_state=previous, to_state=company.status)
    # What follows acceptance (the first invoice, the licence, the listing) listens to this signal and
    # runs in this transaction: a failure there refuses the acceptance as a whole.
    company_status_changed.send(Company, company=company, previous=previous, actor=acting_user)
    email_company(company, "application_accepted", {"application": application, "company": company})
    return company


@transaction.atomic
def application_reject(*, application: Application, acting_user: User, reason: str) -> Application:
    """Refuse an application, with a reason the applicant receives."""
    if not reason.strip():
        raise MembershipError(_("Le motif du refus est obligatoire : il est envoyé au candidat."))
    application = _lock(application)
    _require(
        application, Application.Status.IN_REVIEW, _("Seule une demande en cours d'examen peut être refusée.")
    )
    application.decision_reason = reason.strip()
    check_lengths(application, ["decision_reason"])
    application.decided_at = timezone.now()
    _move(
        application,
        Application.Status.REJECTED,
        acting_user,
        "application.rejected",
        comment=reason,
        reviewer=True,
    )
    email_company(application.company, "application_rejected", {"application": application})
    return application


@transaction.atomic
def application_withdraw(*, application: Application, acting_user: User) -> Application:
    """The applicant withdraws the file before a decision."""
    application = _lock(application)
    if application.status not in Application.WITHDRAWABLE_STATUSES:
        raise MembershipError(_("Une demande en cours d'examen ou déjà décidée ne peut plus être retirée."))
    _move(application, Application.Status.WITHDRAWN, acting_user, "application.withdrawn")
    email_company(application.company, "application_withdrawn", {"application": application})
    return application


@transaction.atomic
def application_update_checklist(
    *, application: Application, acting_user: User, location: bool, quality: bool, ethics: bool, notes: str
) -> Application:
    """The committee ticks its verifications while it examines the file."""
    application = _lock(application)
    _require(
        application, Application.Status.IN_REVIEW, _("La liste de vérification se remplit pendant l'examen.")
    )
    before = [application.checked_location, application.checked_quality, application.checked_ethics]
    application.checked_location, application.checked_quality, application.checked_ethics = (
        location,
        quality,
        ethics,
    )
    application.staff_notes = notes
    application.save(
        update_fields=["checked_location", "checked_quality", "checked_ethics", "staff_notes", "updated_at"]
    )
    if before != [location, quality, ethics]:
        audit.record(
            acting_user,
            "application.checklist",
            application,
            details={"location": location, "quality": quality, "ethics": ethics},
        )
    return application


# --- Helpers ----------------------------------------------------------------------------------


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("company").get(pk=application.pk)


def _require(application: Application, status: str, message: str) -> None:
    if application.status != status:
        raise MembershipError(message)


def _move(
    application: Application, to: str, actor: User, action: str, *, comment: str = "", reviewer: bool = False
) -> Application:
    previous = application.status
    application.status = to
    if reviewer:
        application.reviewer = actor
    application.save()
    audit.record(actor, action, application, from_state=previous, to_state=to, comment=comment)
    return application


def _next_member_number() -> str:
    """MIJ-0001, MIJ-0002…: allocated under a transaction-wide lock, unique in the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('members.member_number'))")
    highest = (
        Company.objects.filter(member_number__regex=r"^MIJ-[0-9]+$")
        .annotate(number=Cast(Substr("member_number", 5), IntegerField()))
        .aggregate(highest=Max("number"))["highest"]
    )
    return f"MIJ-{(highest or 0) + 1:04d}"


def _unique_slug(name: str, siret: str) -> str:
    """The name as a slug; when two companies share a name, their SIREN (then SIRET) tells them apart."""
    base = slugify(name)[:180] or "entreprise"
    for candidate in (base, f"{base}-{siret[:9]}", f"{base}-{siret}"):
        if not Company.objects.filter(slug=candidate).exists():
            return candidate
    return f"{base}-{siret}-{uuid.uuid4().hex[:6]}"


def _email_vetting_committee(name: str, context: dict) -> None:
    recipients = list(
        User.objects.filter(Q(groups__name=VETTING_COMMITTEE) | Q(is_superuser=True), is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )
    if recipients:
        emails.send_templated(name, to=recipients, context=context)
