"""Impact indicators and their values, funding lines, and following a project's news."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jura_portal import audit
from members.models import User
from projects.errors import ProjectError
from projects.models import Follower, Funding, Indicator, IndicatorValue, Project
from projects.services._locks import lock_project


@transaction.atomic
def indicator_add(
    *,
    project: Project,
    acting_user: User,
    name: str,
    unit: str,
    baseline: Decimal = Decimal(0),
    target: Decimal | None = None,
) -> Indicator:
    """Staff add an impact indicator (bottles reused, jobs created...) with its baseline and target."""
    project = lock_project(project)
    if not name.strip() or not unit.strip():
        raise ProjectError(_("Nommez l'indicateur et son unité."))
    if project.indicators.filter(name__iexact=name.strip()).exists():
        raise ProjectError(_("Ce projet suit déjà l'indicateur « %(name)s ».") % {"name": name.strip()})
    indicator = Indicator.objects.create(
        project=project,
        name=name.strip(),
        unit=unit.strip(),
        baseline=baseline,
        target=target,
        position=project.indicators.count(),
    )
    audit.record(acting_user, "indicator.added", indicator, details={"project": project.pk})
    return indicator


@transaction.atomic
def indicator_value_record(
    *, indicator: Indicator, acting_user: User, period: datetime.date, value: Decimal
) -> IndicatorValue:
    """Staff record (or correct) an indicator's actual value for a period (the period's first day)."""
    lock_project(indicator.project)
    row, created = IndicatorValue.objects.update_or_create(
        indicator=indicator, period=period, defaults={"value": value}
    )
    audit.record(
        acting_user,
        "indicator.value_recorded",
        indicator,
        details={"period": period.isoformat(), "value": str(value), "corrected": not created},
    )
    return row


@transaction.atomic
def funding_record(
    *, project: Project, acting_user: User, year: int, source: str, amount_cents: int, funder: str = ""
) -> Funding:
    """Staff record a funding line of a project for a year, by source type."""
    project = lock_project(project)
    if source not in Funding.Source.values:
        raise ProjectError(_("Choisissez l'origine du financement."))
    if amount_cents <= 0:
        raise ProjectError(_("Le montant est positif."))
    if not 2000 <= year <= 2100:
        raise ProjectError(_("Année invalide."))
    funding = Funding.objects.create(
        project=project, year=year, source=source, amount_cents=amount_cents, funder=funder.strip()
    )
    audit.record(
        acting_user,
        "funding.recorded",
        funding,
        details={"project": project.pk, "amount_cents": amount_cents, "source": source},
    )
    return funding


def project_follow(*, project: Project, email: str, acting_user: User | None = None) -> Follower:
    """Someone asks for the project's news by email (opt-in); following twice changes nothing."""
    email = email.strip()
    if not email:
        raise ProjectError(_("Indiquez une adresse e-mail."))
    if not project.is_published:
        raise ProjectError(_("Ce projet n'est pas publié."))
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    existing = project.followers.filter(email__iexact=email).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            follower = Follower.objects.create(project=project, user=user, email=email)
            audit.record(acting_user, "project.followed", project, details={"follower": follower.pk})
    except IntegrityError:  # the same address, at the same moment
        return project.followers.get(email__iexact=email)
    return follower


@transaction.atomic
def project_unfollow(*, project: Project, email: str, acting_user: User | None = None) -> bool:
    """The one-click unsubscribe: the address receives no more news of the project. True if it followed."""
    deleted, _rows = project.followers.filter(email__iexact=email.strip()).delete()
    if deleted:
        audit.record(acting_user, "project.unfollowed", project)
    return bool(deleted)
