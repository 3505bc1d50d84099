"""The directory's reads: one search with its filters, counts per filter value, sorting and pages.

A page of results costs a constant number of queries whatever the number of
members: the query's stems (1, only with `q`), the page with its count
(1: a window count), the trades of the page's companies (1), and one count
query per filter (3).
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchRank
from django.db.models import Count, F, FloatField, Prefetch, QuerySet, Value, Window

from directory import search
from directory.models import Listing
from members.models import Commune, Epci, Sector

PAGE_SIZE = 20
SORTS = ("pertinence", "nom", "recents")


@dataclass
class Criteria:
    """What the visitor asked for, already validated (see forms.DirectoryForm)."""

    q: str = ""
    secteur: str = ""
    epci: str = ""
    commune: str = ""
    tri: str = ""
    page: int = 1

    @property
    def sort(self) -> str:
        """The order in force: relevance by default when searching, the name otherwise."""
        if self.tri in SORTS and not (self.tri == "pertinence" and not self.q):
            return self.tri
        return "pertinence" if self.q else "nom"


@dataclass
class Facet:
    slug: str
    name: str
    count: int
    selected: bool = False


@dataclass
class Results:
    criteria: Criteria
    listings: list[Listing]
    total: int
    page: int
    pages: int
    searched: bool  # a query that could be searched (not only stop words)
    sectors: list[Facet] = field(default_factory=list)
    epcis: list[Facet] = field(default_factory=list)
    communes: list[Facet] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.page * PAGE_SIZE, self.total)

    @property
    def page_range(self) -> list[int | None]:
        """Page numbers to link, None for a gap: 1 … 4 5 [6] 7 8 … 20."""
        shown = {1, self.pages, *range(max(1, self.page - 2), min(self.pages, self.page + 2) + 1)}
        numbers: list[int | None] = []
        for number in sorted(shown):
            if numbers and number - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


def _filtered(base: QuerySet, criteria: Criteria, *, skip: str = "") -> QuerySet:
    """`base` narrowed by every filter except `skip` (a facet counts what its own choice would give)."""
    if criteria.secteur and skip != "secteur":
        base = base.filter(company__sectors__slug=criteria.secteur)
    if criteria.epci and skip != "epci":
        base = base.filter(company__commune__epci__slug=criteria.epci)
    if criteria.commune and skip != "commune":
        base = base.filter(company__commune__slug=criteria.commune)
    return base


def _facet(queryset: QuerySet, prefix: str, selected: str, model) -> list[Facet]:
    """(slug, name, count) of each value of a filter; the chosen value stays listed even with no match."""
    rows = (
        queryset.order_by()
        .values(facet_slug=F(f"{prefix}__slug"), facet_name=F(f"{prefix}__name"))
        .annotate(count=Count("pk", distinct=True))
        .filter(facet_slug__isnull=False)
        .order_by("facet_name")
    )
    facets = [
        Facet(row["facet_slug"], row["facet_name"], row["count"], row["facet_slug"] == selected)
        for row in rows
    ]
    if selected and not any(facet.selected for facet in facets):
        name = model.objects.filter(slug=selected).values_list("name", flat=True).first()
        if name:
            facets.insert(0, Facet(selected, name, 0, True))
    return facets


def directory_search(criteria: Criteria) -> Results:
    """The listed members matching `criteria`, a page of them, and the counts per filter value."""
    parsed = search.parse(criteria.q) if criteria.q else None
    matching = Listing.objects.listed()
    if criteria.q:
        matching = matching.filter(search_vector=parsed.match) if parsed else matching.none()

    results = _filtered(matching, criteria)
    if parsed:
        # Every word found as a prefix counts; exact stems count again, so "menuiserie" comes first for it.
        rank = SearchRank(F("search_vector"), parsed.match) + SearchRank(F("search_vector"), parsed.exact)
        results = results.annotate(rank=rank)
    else:
        results = results.annotate(rank=Value(0.0, output_field=FloatField()))
    order = {
        "pertinence": ["-rank", "company__trade_name", "company__legal_name", "pk"],
        "nom": ["search_name", "pk"],
        "recents": [F("company__member_since").desc(nulls_last=True), "search_name", "pk"],
    }[criteria.sort]
    start = (criteria.page - 1) * PAGE_SIZE
    page_rows = list(
        results.annotate(total=Window(Count("pk")))
        .select_related("company__commune__epci")
        .prefetch_related("company__sectors")
        .order_by(*order)[start : start + PAGE_SIZE]
    )
    # Past the last page no row carries the window count: count alone.
    total = page_rows[0].total if page_rows else (results.count() if start else 0)
    pages = max(1, -(-total // PAGE_SIZE))

    return Results(
        criteria=criteria,
        listings=page_rows,
        total=total,
        page=criteria.page,
        pages=pages,
        searched=parsed is not None,
        sectors=_facet(
            _filtered(matching, criteria, skip="secteur"), "company__sectors", criteria.secteur, Sector
        ),
        epcis=_facet(
            _filtered(matching, criteria, skip="epci"), "company__commune__epci", criteria.epci, Epci
        ),
        communes=_facet(
            _filtered(matching, criteria, skip="commune"), "company__commune", criteria.commune, Commune
        ),
    )


def listed_company_page(slug: str) -> Listing | None:
    """A listed member's listing with everything its page shows, in a constant number of queries."""
    from licensing.selectors import approved_labels_prefetch, valid_licence_prefetch

    return (
        Listing.objects.listed()
        .filter(slug=slug)
        .prefetch_related(
            "company__sectors",
            _company_prefetch(valid_licence_prefetch()),
            _company_prefetch(approved_labels_prefetch()),
        )
        .first()
    )


def _company_prefetch(prefetch: Prefetch) -> Prefetch:
    """A Prefetch on Company, lifted to start from Listing (company__...)."""
    prefetch.add_prefix("company")
    return prefetch
