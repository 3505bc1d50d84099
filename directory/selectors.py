"""The directory's reads: one search with its filters, counts per filter value, sorting and pages.

A page of results costs a constant number of queries whatever the number of
members: the query's stems (1, only with `q`), the counts per filter value and
the total (1 statement over the matching listings, computed once; without a
search, read from a short per-process cache under the directory's version, 1
tiny query), the page (1) and the trades of the page's companies (1). Who is
listed is a flag on the listing (Listing.is_public), with partial indexes.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F, FloatField, Prefetch, QuerySet, Value

from directory import search, version
from directory.models import Listing
from jura_portal.collation import french_key
from reference.models import Commune, Epci, Sector

PAGE_SIZE = 20
DEFERRED = (
    "search_trades",
    "search_products",
    "search_description",
    "search_vector",
    "company__quality_evidence",
    "company__products",
    "company__status_reason",
)
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


def _filtered(base: QuerySet, criteria: Criteria) -> QuerySet:
    """`base` narrowed by every chosen filter."""
    if criteria.secteur:
        base = base.filter(company__sectors__slug=criteria.secteur)
    if criteria.epci:
        base = base.filter(epci__slug=criteria.epci)
    if criteria.commune:
        base = base.filter(commune__slug=criteria.commune)
    return base


# Counts per value of each filter, in one statement over the matching listings (computed once):
# each filter's counts apply the other filters but not its own (what choosing a value would give).
# The matching rows carry integers only; counts are grouped by id and named after aggregation, and
# a chosen filter is a hashed IN / an id comparison, never a subquery per row.
FACETS_SQL = """
WITH m AS MATERIALIZED (
    SELECT matching.company_id, matching.commune_id, matching.epci_id,
        (%(secteur)s = '' OR matching.company_id IN (
            SELECT cs.company_id FROM members_company_sectors cs JOIN members_sector s ON s.id = cs.sector_id
            WHERE s.slug = %(secteur)s)) AS in_secteur,
        (%(epci)s = '' OR matching.epci_id = (SELECT id FROM members_epci WHERE slug = %(epci)s)) AS in_epci,
        (%(commune)s = '' OR matching.commune_id = (SELECT id FROM members_commune WHERE slug = %(commune)s))
            AS in_commune
    FROM ({matching}) AS matching
),
by_secteur AS (
    SELECT cs.sector_id AS id, count(*) AS n FROM m JOIN members_company_sectors cs ON cs.company_id = m.company_id
    WHERE in_epci AND in_commune GROUP BY cs.sector_id
),
by_epci AS (SELECT epci_id AS id, count(*) AS n FROM m WHERE in_secteur AND in_commune GROUP BY epci_id),
by_commune AS (SELECT commune_id AS id, count(*) AS n FROM m WHERE in_secteur AND in_epci GROUP BY commune_id)
SELECT 'secteur', s.slug, s.name, b.n FROM by_secteur b JOIN members_sector s ON s.id = b.id
UNION ALL
SELECT 'epci', e.slug, e.name, b.n FROM by_epci b JOIN members_epci e ON e.id = b.id
UNION ALL
SELECT 'commune', c.slug, c.name, b.n FROM by_commune b JOIN members_commune c ON c.id = b.id
UNION ALL
SELECT 'total', '', '', count(*) FROM m WHERE in_secteur AND in_epci AND in_commune
"""


class _RecentCounts:
    """Counts per filter value of the list without a search, by filters chosen, for a few seconds.

    Per process (no query to read them), under the directory's version (one tiny query): any
    change to what the public sees gives a new version, so nothing stale is read in any process.
    """

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self.entries: OrderedDict[tuple, tuple[float, list[tuple]]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> list[tuple] | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None or found[0] < time.monotonic():
                return None
            self.entries.move_to_end(key)
            return found[1]

    def set(self, key: tuple, rows: list[tuple], seconds: float) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic() + seconds, rows)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


recent_counts = _RecentCounts()


def _facets(matching: QuerySet, criteria: Criteria) -> tuple[dict[str, list[Facet]], int]:
    """Each filter's values with their counts, and the number of results. One query."""
    chosen = {"secteur": criteria.secteur, "epci": criteria.epci, "commune": criteria.commune}
    seconds = settings.DIRECTORY_COUNTS_CACHE_SECONDS
    if criteria.q or seconds <= 0:
        return _facet_lists(_facet_rows(matching, chosen), chosen)
    key = (version.current(), criteria.secteur, criteria.epci, criteria.commune)
    rows = recent_counts.get(key)
    if rows is None:
        rows = _facet_rows(matching, chosen)
        recent_counts.set(key, rows, seconds)
    return _facet_lists(rows, chosen)


def _facet_rows(matching: QuerySet, chosen: dict[str, str]) -> list[tuple]:
    sql, params = matching.order_by().values("company_id", "commune_id", "epci_id").query.sql_with_params()
    # The inner query's parameters are positional: escape them in, then pass ours by name.
    inner = sql.replace("%", "%%").replace("%%s", "%s")
    with connection.cursor() as cursor:
        inner_sql = cursor.mogrify(inner, params) if params else inner
        if isinstance(inner_sql, bytes):
            inner_sql = inner_sql.decode()
        cursor.execute(FACETS_SQL.format(matching=inner_sql.replace("%", "%%").replace("%%(", "%(")), chosen)
        return cursor.fetchall()


def _facet_lists(rows: list[tuple], chosen: dict[str, str]) -> tuple[dict[str, list[Facet]], int]:
    facets: dict[str, list[Facet]] = {"secteur": [], "epci": [], "commune": []}
    total = 0
    for kind, slug, name, count in rows:
        if kind == "total":
            total = count
        elif slug is not None:
            facets[kind].append(Facet(slug, name, count, slug == chosen[kind]))
    for kind, model in (("secteur", Sector), ("epci", Epci), ("commune", Commune)):
        facets[kind].sort(key=lambda facet: french_key(facet.name))
        if chosen[kind] and not any(facet.selected for facet in facets[kind]):
            # Chosen but matching nothing here: keep it in the list (one more query, rare).
            name = model.objects.filter(slug=chosen[kind]).values_list("name", flat=True).first()
            if name:
                facets[kind].insert(0, Facet(chosen[kind], name, 0, True))
    return facets, total


def directory_search(criteria: Criteria) -> Results:
    """The listed members matching `criteria`, a page of them, and the counts per filter value."""
    parsed = search.parse(criteria.q) if criteria.q else None
    matching = Listing.objects.listed()
    if criteria.q:
        matching = matching.filter(search_vector=parsed.match) if parsed else matching.none()
    if criteria.q and not parsed:
        facets, total = {"secteur": [], "epci": [], "commune": []}, 0
    else:
        facets, total = _facets(matching, criteria)

    def ranked(queryset: QuerySet) -> QuerySet:
        if parsed:
            # Every word found as a prefix counts; exact stems count again, so "menuiserie" comes first.
            match, exact = (
                SearchRank(F("search_vector"), parsed.match),
                SearchRank(F("search_vector"), parsed.exact),
            )
            return queryset.annotate(rank=match + exact)
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))

    order = {
        "pertinence": ["-rank", "search_name", "pk"],
        "nom": ["search_name", "pk"],
        "recents": [F("company__member_since").desc(nulls_last=True), "search_name", "pk"],
    }[criteria.sort]
    start = (criteria.page - 1) * PAGE_SIZE
    page_rows = []
    if start < total:
        # The page's ids first, from the narrow listing rows (and only the joins the filters need),
        # then the 20 cards with their company, commune and trades: nothing wide is joined or sorted.
        page_ids = (
            ranked(_filtered(matching, criteria)).order_by(*order).values("pk")[start : start + PAGE_SIZE]
        )
        page_rows = list(
            ranked(Listing.objects.filter(pk__in=page_ids))
            .select_related("company__commune")
            .defer(*DEFERRED)
            .with_cards()
            .order_by(*order)
        )
    return Results(
        criteria=criteria,
        listings=page_rows,
        total=total,
        page=criteria.page,
        pages=max(1, -(-total // PAGE_SIZE)),
        searched=parsed is not None,
        sectors=facets["secteur"],
        epcis=facets["epci"],
        communes=facets["commune"],
    )


def listed_company_page(slug: str) -> Listing | None:
    """A listed member's listing with everything its page shows, in a constant number of queries."""
    from licensing.selectors import approved_labels_prefetch, valid_licence_prefetch

    return (
        Listing.objects.listed()
        .filter(slug=slug)
        .select_related("company__former_commune")
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
