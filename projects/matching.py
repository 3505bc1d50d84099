"""Which member companies could fill a role or answer a need: by trade, then by place.

Candidates are the companies the public directory lists (`Listing.objects.listed()`: active, charter
signed, dues paid, listing published). Ranking, all in one query:
  1. how many of the wanted trades the company has (a role or need without trades: the place alone);
  2. same commune as the role (or the project / the need);
  3. same intercommunality.
Communes carry no coordinates in the reference data (members.Commune: INSEE code, postal codes, EPCI)
and no adjacency, so « distance » is read as same commune > same intercommunality > elsewhere in the
Jura; a neighbouring intercommunality is not known and ranks with « elsewhere ».
With trades wanted, only companies with at least one of them are suggested; without, only those of
the same intercommunality. Companies already stakeholders of the project are left out.
Constant query count: one for the wanted trades, one for the ranked candidates.
"""

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Case, Exists, Func, IntegerField, OuterRef, Q, Value, When
from django.utils.translation import gettext as _

from directory.models import Listing
from members.models import Company
from projects.models import Need, Role
from reference.models import Commune, Epci, Sector

DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Match:
    company: Company
    listing: Listing
    trades: list[str]
    same_commune: bool
    same_epci: bool
    why: str


def _why(
    trades: list[str], same_commune: bool, same_epci: bool, commune: Commune | None, epci: Epci | None
) -> str:
    parts = []
    if trades:
        parts.append(_("métier : %(trades)s") % {"trades": ", ".join(trades)})
    if same_commune and commune is not None:
        parts.append(_("à %(commune)s") % {"commune": commune.name})
    elif same_epci and epci is not None:
        parts.append(_("même intercommunalité (%(epci)s)") % {"epci": epci.name})
    else:
        parts.append(_("ailleurs dans le Jura"))
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]


def match_companies(
    *,
    trade_ids: list[int],
    commune: Commune | None,
    epci: Epci | None,
    exclude_company_ids: models.QuerySet | list[int] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Match]:
    """Listed member companies ranked by trades matched, same commune, same intercommunality."""
    if commune is not None and epci is None:
        epci = commune.epci
    epci_id = epci.pk if epci is not None else None
    commune_id = commune.pk if commune is not None else None
    listings = Listing.objects.listed().select_related("company__commune", "epci")
    if trade_ids:
        matching = Sector.objects.filter(companies=OuterRef("company_id"), pk__in=trade_ids)
        listings = listings.filter(Exists(matching))
        matched_trades = ArraySubquery(matching.order_by("position", "name").values("name"))
    elif epci_id is not None:
        listings = listings.filter(epci_id=epci_id)
        matched_trades = Value([], output_field=ArrayField(models.CharField()))
    else:
        return []
    if exclude_company_ids is not None:
        listings = listings.exclude(company_id__in=exclude_company_ids)
    listings = listings.annotate(
        matched_trades=matched_trades,
        trade_count=Func(models.F("matched_trades"), function="cardinality", output_field=IntegerField()),
        same_commune=Case(
            When(Q(commune_id=commune_id), then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        same_epci=Case(
            When(Q(epci_id=epci_id), then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
    ).order_by("-trade_count", "-same_commune", "-same_epci", "company__legal_name", "pk")
    matches = []
    for listing in listings[:limit]:
        trades = listing.matched_trades or []
        matches.append(
            Match(
                company=listing.company,
                listing=listing,
                trades=trades,
                same_commune=bool(listing.same_commune),
                same_epci=bool(listing.same_epci),
                why=_why(trades, bool(listing.same_commune), bool(listing.same_epci), commune, epci),
            )
        )
    return matches


def matches_for_role(role: Role, *, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """Companies that could fill `role`: its trades, at its commune (else the project's place)."""
    project = role.project
    commune = role.commune if role.commune_id else project.commune
    epci = commune.epci if commune is not None else project.epci
    return match_companies(
        trade_ids=list(role.trades.values_list("pk", flat=True)),
        commune=commune,
        epci=epci,
        exclude_company_ids=project.stakeholders.exclude(company=None).values("company_id"),
        limit=limit,
    )


def matches_for_need(need: Need, *, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """Companies that could answer `need`: its trades, where it was reported."""
    return match_companies(
        trade_ids=list(need.trades.values_list("pk", flat=True)),
        commune=need.commune,
        epci=need.epci if need.epci_id else (need.commune.epci if need.commune_id else None),
        limit=limit,
    )
