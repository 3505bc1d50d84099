"""A member company's life after acceptance: suspension, lapse, resignation, exclusion,
reactivation, and the people who represent it. One function per arrow.

Every status change sends `members.signals.company_status_changed` inside the
transaction, so that what follows the member's status (the logo licence, the
directory) moves with it.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jura_portal import audit
from members.errors import MembershipError
from members.models import Company, CompanyRole, User
from members.notify import email_company
from members.signals import company_status_changed


@transaction.atomic
def company_suspend(
    *, company: Company, acting_user: User | None, reason: str, for_charter: bool = False
) -> Company:
    """Suspend an active member (staff decision, or the charter left unsigned)."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.status != Company.Status.ACTIVE:
        raise MembershipError(_("Seule une entreprise adhérente active peut être suspendue."))
    company.suspended_for_charter = for_charter
    _company_move(company, Company.Status.SUSPENDED, acting_user, "company.suspended", reason)
    email_company(company, "company_suspended", {"company": company, "for_charter": for_charter})
    return company


@transaction.atomic
def company_reactivate(*, company: Company, acting_user: User | None, reason: str = "") -> Company:
    """Lift a suspension or a lapse: the company is an active member again."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.status not in (Company.Status.SUSPENDED, Company.Status.LAPSED):
        raise MembershipError(
            _("Seule une entreprise suspendue ou en défaut de cotisation peut être réactivée.")
        )
    company.suspended_for_charter = False
    _company_move(company, Company.Status.ACTIVE, acting_user, "company.reactivated", reason)
    email_company(company, "company_reactivated", {"company": company})
    return company


@transaction.atomic
def company_lapse(*, company: Company, acting_user: User | None, reason: str) -> Company:
    """Dues unpaid after the grace period: the company leaves the directory until it pays."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if company.status != Company.Status.ACTIVE:
        raise MembershipError(_("Seule une entreprise adhérente active peut passer en défaut de cotisation."))
    _company_move(company, Company.Status.LAPSED, acting_user, "company.lapsed", reason)
    email_company(company, "company_lapsed", {"company": company})
    return company


@transaction.atomic
def company_resign(*, company: Company, acting_user: User, reason: str = "") -> Company:
    """The member leaves the network of its own will."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not company.is_member:
        raise MembershipError(_("Seule une entreprise adhérente peut démissionner."))
    _company_move(company, Company.Status.RESIGNED, acting_user, "company.resigned", reason)
    email_company(company, "company_resigned", {"company": company})
    return company


@transaction.atomic
def company_exclude(*, company: Company, acting_user: User, reason: str) -> Company:
    """The association excludes a member (a decision of its board), with a reason."""
    if not reason.strip():
        raise MembershipError(_("Le motif de l'exclusion est obligatoire."))
    company = Company.objects.select_for_update().get(pk=company.pk)
    if not company.is_member:
        raise MembershipError(_("Seule une entreprise adhérente peut être exclue."))
    _company_move(company, Company.Status.EXCLUDED, acting_user, "company.excluded", reason)
    email_company(company, "company_excluded", {"company": company})
    return company


# --- Representatives ---------------------------------------------------------------------


@transaction.atomic
def company_add_representative(*, company: Company, user: User, acting_user: User) -> CompanyRole:
    """A person who accepted an invitation joins the company as its representative."""
    if CompanyRole.objects.filter(user=user).exists():
        raise MembershipError(
            _("Votre compte représente déjà une entreprise : une personne, une entreprise.")
        )
    try:
        with transaction.atomic():
            role = CompanyRole.objects.create(
                company=company, user=user, role=CompanyRole.Role.REPRESENTATIVE
            )
    except IntegrityError as error:
        raise MembershipError(_("Votre compte représente déjà une entreprise.")) from error
    audit.record(
        acting_user,
        "company.representative_added",
        company,
        details={"email": user.email, "name": user.get_full_name()},
    )
    return role


@transaction.atomic
def company_remove_representative(*, role: CompanyRole, acting_user: User) -> None:
    if role.role == CompanyRole.Role.OWNER:
        raise MembershipError(_("Le responsable de l'entreprise ne peut pas être retiré."))
    company, email, name = role.company, role.user.email, role.user.get_full_name()
    role.delete()
    audit.record(
        acting_user, "company.representative_removed", company, details={"email": email, "name": name}
    )


# --- Helpers ----------------------------------------------------------------------------------


def _company_move(company: Company, to: str, actor: User | None, action: str, reason: str) -> None:
    previous = company.status
    company.status = to
    company.status_reason = reason
    company.save(update_fields=["status", "status_reason", "suspended_for_charter", "updated_at"])
    audit.record(actor, action, company, from_state=previous, to_state=to, comment=reason)
    company_status_changed.send(Company, company=company, previous=previous, actor=actor)
