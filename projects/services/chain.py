"""The value chain: roles, stakeholders (added, invited, interested) and the commitment ledger."""

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import is_active_member
from jura_portal import audit
from members.models import Company, CompanyRole, User
from projects import emails
from projects.errors import ProjectError
from projects.models import Commitment, Project, Role, Stakeholder, Unit
from projects.services._locks import lock_open_project
from reference.models import Commune, Sector

# Which units fit which kind of commitment (a money pledge in pallet places makes no sense).
UNITS_BY_KIND = {
    Commitment.Kind.MONEY: {Unit.EUROS},
    Commitment.Kind.SPACE: {Unit.SQUARE_METRES, Unit.PALLET_PLACES},
    Commitment.Kind.TIME: {Unit.DAYS},
    Commitment.Kind.PURCHASE: {Unit.UNITS_PER_YEAR, Unit.EUROS},
    Commitment.Kind.OTHER: set(Unit.values),
}


@transaction.atomic
def role_add(
    *,
    project: Project,
    acting_user: User,
    name: str,
    is_critical: bool = False,
    description: str = "",
    trades: Iterable[Sector] = (),
    commune: Commune | None = None,
    quantity_sought: Decimal | None = None,
    unit: str = "",
) -> Role:
    """Staff add a role the project's value chain needs (« on cherche : 20 places de palettes à Dole »)."""
    project = lock_open_project(project)
    name = name.strip()
    if not name:
        raise ProjectError(_("Nommez le rôle (collecte, logistique, lavage…)."))
    if project.roles.filter(name__iexact=name).exists():
        raise ProjectError(_("Ce projet a déjà un rôle « %(name)s ».") % {"name": name})
    if quantity_sought is not None and (quantity_sought <= 0 or not unit):
        raise ProjectError(_("Une quantité recherchée est positive et a une unité."))
    role = Role.objects.create(
        project=project,
        name=name,
        is_critical=is_critical,
        description=description.strip(),
        commune=commune,
        quantity_sought=quantity_sought,
        unit=unit,
        position=project.roles.count(),
    )
    role.trades.set(trades)
    audit.record(acting_user, "role.added", role, details={"project": project.pk, "critical": is_critical})
    return role


def _acts_for(user: User, stakeholder: Stakeholder) -> bool:
    """Whether `user` represents the member company behind `stakeholder`."""
    if stakeholder.company_id is None:
        return False
    return CompanyRole.objects.filter(user=user, company_id=stakeholder.company_id).exists()


def _check_role(project: Project, role: Role | None) -> None:
    if role is not None and role.project_id != project.pk:
        raise ProjectError(_("Ce rôle appartient à un autre projet."))


@transaction.atomic
def stakeholder_add(
    *,
    project: Project,
    acting_user: User,
    kind: str,
    name: str = "",
    company: Company | None = None,
    organisation_type: str = "",
    contact_email: str = "",
    role: Role | None = None,
) -> Stakeholder:
    """Staff record a stakeholder: a member company, an outside organisation or a person."""
    project = lock_open_project(project)
    _check_role(project, role)
    if kind not in Stakeholder.Kind.values:
        raise ProjectError(_("Choisissez le type de partie prenante."))
    if kind == Stakeholder.Kind.MEMBER:
        if company is None or not company.is_member:
            raise ProjectError(_("Choisissez une entreprise adhérente de l'annuaire."))
        name = name.strip() or company.display_name
        organisation_type = ""
    else:
        company = None
        if not name.strip():
            raise ProjectError(_("Nommez la partie prenante."))
        if (
            kind == Stakeholder.Kind.ORGANISATION
            and organisation_type not in Stakeholder.OrganisationType.values
        ):
            raise ProjectError(
                _("Précisez le type d'organisation (collectivité, association, laboratoire…).")
            )
        if kind == Stakeholder.Kind.PERSON:
            organisation_type = ""
    if company is not None and project.stakeholders.filter(company=company).exists():
        raise ProjectError(
            _("%(company)s fait déjà partie de ce projet.") % {"company": company.display_name}
        )
    stakeholder = Stakeholder.objects.create(
        project=project,
        kind=kind,
        company=company,
        name=name.strip(),
        organisation_type=organisation_type,
        contact_email=contact_email.strip(),
        role=role,
        status=Stakeholder.Status.ENGAGED,
    )
    audit.record(
        acting_user,
        "stakeholder.added",
        stakeholder,
        to_state=stakeholder.status,
        details={"project": project.pk},
    )
    return stakeholder


@transaction.atomic
def stakeholder_invite(
    *, project: Project, company: Company, acting_user: User, role: Role | None = None
) -> Stakeholder:
    """Staff invite a matched member company to join the project (one email to its people)."""
    project = lock_open_project(project)
    _check_role(project, role)
    if not is_active_member(company):
        raise ProjectError(_("Seule une entreprise adhérente active peut être invitée."))
    if project.stakeholders.filter(company=company).exists():
        raise ProjectError(
            _("%(company)s fait déjà partie de ce projet.") % {"company": company.display_name}
        )
    stakeholder = Stakeholder.objects.create(
        project=project,
        kind=Stakeholder.Kind.MEMBER,
        company=company,
        name=company.display_name,
        contact_email=company.public_email,
        role=role,
        status=Stakeholder.Status.INVITED,
    )
    audit.record(
        acting_user,
        "stakeholder.invited",
        stakeholder,
        to_state=stakeholder.status,
        details={"project": project.pk},
    )
    emails.stakeholder_invited(stakeholder)
    return stakeholder


@transaction.atomic
def stakeholder_express_interest(
    *, project: Project, company: Company, acting_user: User, role: Role | None = None, message: str = ""
) -> Stakeholder:
    """A member company says it is interested in a project looking for partners (staff are told)."""
    project = lock_open_project(project)
    _check_role(project, role)
    if not project.is_published:
        raise ProjectError(_("Ce projet n'est pas publié."))
    if not is_active_member(company):
        raise ProjectError(_("Seule une entreprise adhérente active peut rejoindre un projet."))
    if not CompanyRole.objects.filter(user=acting_user, company=company).exists():
        raise ProjectError(_("Seuls les représentants de l'entreprise peuvent l'engager."))
    stakeholder = project.stakeholders.select_for_update().filter(company=company).first()
    if stakeholder is not None and stakeholder.status != Stakeholder.Status.INVITED:
        raise ProjectError(_("Votre entreprise fait déjà partie de ce projet."))
    if stakeholder is None:
        stakeholder = Stakeholder.objects.create(
            project=project,
            kind=Stakeholder.Kind.MEMBER,
            company=company,
            name=company.display_name,
            contact_email=acting_user.email,
            role=role,
            status=Stakeholder.Status.INTERESTED,
        )
        previous = ""
    else:
        previous = stakeholder.status
        stakeholder.status = Stakeholder.Status.INTERESTED
        stakeholder.role = role or stakeholder.role
        stakeholder.save(update_fields=["status", "role"])
    audit.record(
        acting_user,
        "stakeholder.interested",
        stakeholder,
        from_state=previous,
        to_state=stakeholder.status,
        comment=message.strip(),
    )
    emails.stakeholder_interested(stakeholder, message=message.strip())
    return stakeholder


@transaction.atomic
def commitment_pledge(
    *,
    stakeholder: Stakeholder,
    role: Role,
    acting_user: User,
    kind: str,
    unit: str,
    quantity: Decimal,
    note: str = "",
) -> Commitment:
    """A stakeholder pledges money, space, time or purchases for a role (the member, or staff for them)."""
    project = lock_open_project(stakeholder.project)
    _check_role(project, role)
    if not acting_user.is_staff and not _acts_for(acting_user, stakeholder):
        raise ProjectError(_("Seuls les représentants de cette partie prenante peuvent s'engager pour elle."))
    # Read now, not from the caller's copy: the company may have left since the page was loaded.
    company = Company.objects.filter(pk=stakeholder.company_id).first() if stakeholder.company_id else None
    if company is not None and company.status != Company.Status.ACTIVE:
        raise ProjectError(
            _("%(company)s n'est plus adhérente active (%(status)s) : elle ne peut pas s'engager.")
            % {"company": company.display_name, "status": company.get_status_display()}
        )
    if kind not in Commitment.Kind.values or unit not in UNITS_BY_KIND.get(kind, set()):
        raise ProjectError(_("Cette unité ne convient pas à ce type d'engagement."))
    if quantity is None or Decimal(quantity) <= 0:
        raise ProjectError(_("La quantité promise est positive."))
    commitment = Commitment.objects.create(
        stakeholder=stakeholder,
        role=role,
        kind=kind,
        unit=unit,
        quantity=Decimal(quantity),
        note=note.strip(),
        pledged_by=acting_user,
    )
    if stakeholder.status != Stakeholder.Status.ENGAGED:
        Stakeholder.objects.filter(pk=stakeholder.pk).update(status=Stakeholder.Status.ENGAGED)
    audit.record(
        acting_user,
        "commitment.pledged",
        commitment,
        to_state=commitment.status,
        details={"project": project.pk, "role": role.pk},
    )
    return commitment


def _lock_commitment(commitment: Commitment) -> Commitment:
    lock_open_project(commitment.stakeholder.project)
    return (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("stakeholder__company", "role")
        .get(pk=commitment.pk)
    )


@transaction.atomic
def commitment_confirm(*, commitment: Commitment, acting_user: User) -> Commitment:
    """Staff confirm a pledge (a signed letter, an agreement): it now counts for the role's coverage."""
    commitment = _lock_commitment(commitment)
    if commitment.status == Commitment.Status.WITHDRAWN:
        raise ProjectError(_("Cet engagement a été retiré : il ne peut plus être confirmé."))
    company = commitment.stakeholder.company
    if company is not None and company.status != Company.Status.ACTIVE:
        raise ProjectError(
            _(
                "%(company)s n'est plus adhérente active (%(status)s) : son engagement ne peut pas être confirmé."
            )
            % {"company": company.display_name, "status": company.get_status_display()}
        )
    if commitment.status != Commitment.Status.PLEDGED:
        raise ProjectError(
            _("Cet engagement est déjà confirmé (le %(date)s) : il ne se confirme qu'une fois.")
            % {"date": f"{timezone.localtime(commitment.confirmed_at):%d/%m/%Y}"}
        )
    commitment.status = Commitment.Status.CONFIRMED
    commitment.confirmed_at = timezone.now()
    commitment.confirmed_by = acting_user
    commitment.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    audit.record(
        acting_user, "commitment.confirmed", commitment, from_state="pledged", to_state=commitment.status
    )
    emails.commitment_confirmed(commitment)
    return commitment


@transaction.atomic
def commitment_deliver(*, commitment: Commitment, acting_user: User) -> Commitment:
    """Staff record that a confirmed commitment was delivered (money paid, space given, days spent)."""
    commitment = _lock_commitment(commitment)
    if commitment.status == Commitment.Status.DELIVERED:
        raise ProjectError(_("Cet engagement est déjà réalisé."))
    if commitment.status == Commitment.Status.WITHDRAWN:
        raise ProjectError(_("Cet engagement a été retiré : il ne peut pas être réalisé."))
    if commitment.status != Commitment.Status.CONFIRMED:
        raise ProjectError(_("Un engagement doit être confirmé avant d'être réalisé."))
    commitment.status = Commitment.Status.DELIVERED
    commitment.delivered_at = timezone.now()
    commitment.save(update_fields=["status", "delivered_at"])
    audit.record(
        acting_user, "commitment.delivered", commitment, from_state="confirmed", to_state=commitment.status
    )
    return commitment


# A company in these statuses has left the network for good: its pledges not yet confirmed go.
LEFT_THE_NETWORK = (Company.Status.RESIGNED, Company.Status.EXCLUDED)


@transaction.atomic
def commitments_withdraw_for_company(*, company: Company, acting_user: User | None) -> int:
    """A member company resigned or was excluded: its pledges not yet confirmed are withdrawn (they no
    longer show as « promis » in the coverage); confirmed or delivered ones stay, as the ledger's history."""
    pending = list(
        Commitment.objects.select_for_update(of=("self",))
        .filter(stakeholder__company=company, status=Commitment.Status.PLEDGED)
        .select_related("stakeholder")
        .order_by("pk")
    )
    for commitment in pending:
        commitment.status = Commitment.Status.WITHDRAWN
        commitment.save(update_fields=["status"])
        audit.record(
            acting_user,
            "commitment.withdrawn",
            commitment,
            from_state=Commitment.Status.PLEDGED,
            to_state=commitment.status,
            comment=_("L'entreprise a quitté le réseau (%(status)s).")
            % {"status": company.get_status_display()},
            details={"project": commitment.stakeholder.project_id},
        )
    return len(pending)
