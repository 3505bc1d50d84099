"""The staff cockpit, the admin's home page: what waits for someone, in figures, each with its list.

Every block is read in a fixed number of queries (the page's count does not grow with the number
of members, invoices or events) and is built only for staff whose permissions let them open the
list it links to. The charts are drawn here as plain numbers and rendered by the template as inline
SVG (no script, no third-party request), each with the table of its figures.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Min, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from charter.models import CharterVersion
from core.formats import euros
from dues.models import Invoice, Payment
from events.models import Event, Registration
from jura_portal.models import AuditEntry
from members.models import Application, Company

# How many years the membership chart shows, and how many upcoming events the cockpit lists.
MEMBERSHIP_YEARS = 5
UPCOMING_EVENTS = 5

WAITING_APPLICATIONS = (Application.Status.SUBMITTED, Application.Status.IN_REVIEW)


def _admin_list(name: str, **filters) -> str:
    url = reverse(f"admin:{name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


# --- Charts ----------------------------------------------------------------------------------


@dataclass
class Chart:
    """A bar chart: one group per label, one bar per series; drawn as SVG by the template."""

    title: str
    description: str
    labels: list[str]
    series: list[tuple[str, list[int]]]  # (name, one value per label)
    unit: str = ""
    horizontal: bool = False
    formatted: list[list[str]] = field(default_factory=list)  # the table's cells, when not plain integers
    short_labels: list[str] = field(default_factory=list)  # under the bars, when the labels are long

    # Geometry, in the SVG's own units (the picture scales to its box).
    width: int = 640
    bar_gap: int = 4

    def rows(self) -> list[tuple[str, list[str]]]:
        """The table behind the chart: one row per label, one cell per series."""
        cells = self.formatted or [
            [str(values[i]) for _, values in self.series] for i in range(len(self.labels))
        ]
        return list(zip(self.labels, cells, strict=True))

    @property
    def peak(self) -> int:
        return max([1, *(v for _, values in self.series for v in values)])

    def vertical_bars(self) -> dict:
        """Groups of bars standing on a baseline: x, y, width, height of each, and the axis labels."""
        top, bottom, left = 16, 32, 8
        height = 220
        plot = height - top - bottom
        group_width = (self.width - left * 2) / max(len(self.labels), 1)
        bar_width = max((group_width - 8) / max(len(self.series), 1) - self.bar_gap, 2)
        groups = []
        for i, label in enumerate(self.labels):
            x0 = left + i * group_width + 4
            bars = []
            for j, (name, values) in enumerate(self.series):
                value = values[i]
                h = round(plot * value / self.peak, 1)
                bars.append(
                    {
                        "x": _n(x0 + j * (bar_width + self.bar_gap)),
                        "y": _n(top + plot - h),
                        "width": _n(bar_width),
                        "height": _n(h),
                        "value": value,
                        "series": j,
                        "name": name,
                    }
                )
            groups.append(
                {
                    "label": label,
                    "short": self.short_labels[i] if self.short_labels else label,
                    "bars": bars,
                    "label_x": _n(x0 + (group_width - 8) / 2),
                }
            )
        return {"height": height, "baseline": top + plot, "label_y": height - 10, "groups": groups}

    def horizontal_bars(self) -> dict:
        """One row per label: the name on the left, the bar, its value at its end."""
        row_height, label_width, right = 28, 230, 60
        plot = self.width - label_width - right
        rows = []
        for i, label in enumerate(self.labels):
            value = self.series[0][1][i]
            w = round(plot * value / self.peak, 1)
            y = 8 + i * row_height
            rows.append(
                {
                    "label": label,
                    "value": value,
                    "y": y,
                    "text_y": y + 18,
                    "x": label_width,
                    "width": _n(w),
                    "value_x": _n(label_width + w + 6),
                }
            )
        return {"height": 16 + len(self.labels) * row_height, "rows": rows, "label_x": label_width - 8}


def _n(value: float) -> str:
    """An SVG coordinate: a dot for decimals whatever the language (the template would write 12,5)."""
    return f"{value:.1f}"


# --- Blocks ------------------------------------------------------------------------------------


def _applications(today: date) -> dict:
    waiting = Application.objects.filter(status__in=WAITING_APPLICATIONS).aggregate(
        count=Count("pk"),
        oldest=Min("submitted_at"),
        submitted=Count("pk", filter=Q(status=Application.Status.SUBMITTED)),
    )
    info = Application.objects.filter(status=Application.Status.INFO_REQUESTED).count()
    oldest = waiting["oldest"]
    return {
        "count": waiting["count"],
        "not_started": waiting["submitted"],
        "info_requested": info,
        "oldest_days": (today - timezone.localdate(oldest)).days if oldest else None,
        "url": _admin_list("members_application", status__in="submitted,in_review"),
        "info_url": _admin_list("members_application", status__exact=Application.Status.INFO_REQUESTED),
    }


def _dues(today: date) -> dict:
    year = today.year
    unpaid = Invoice.objects.filter(status=Invoice.Status.ISSUED).aggregate(
        count=Count("pk"),
        cents=Sum("amount_cents", default=0),
        late=Count("pk", filter=Q(due_on__lt=today)),
    )
    expected = (
        Invoice.objects.filter(year=year)
        .exclude(status=Invoice.Status.CANCELLED)
        .aggregate(cents=Sum("amount_cents", default=0))["cents"]
    )
    collected = Payment.objects.filter(
        status=Payment.Status.SUCCEEDED, invoice__year=year, invoice__status__in=["issued", "paid"]
    ).aggregate(cents=Sum("amount_cents", default=0))["cents"]
    by_month = dict(
        Payment.objects.filter(status=Payment.Status.SUCCEEDED, paid_at__year=year)
        .annotate(month=ExtractMonth("paid_at"))
        .values("month")
        .annotate(cents=Sum("amount_cents"))
        .values_list("month", "cents")
    )
    months = [date(year, m, 1) for m in range(1, 13)]
    cents = [by_month.get(m, 0) for m in range(1, 13)]
    chart = Chart(
        title=_("Cotisations encaissées par mois en %(year)s") % {"year": year},
        description=_("Total de l'année : %(total)s.") % {"total": euros(sum(cents))},
        labels=[date_format(m, "F") for m in months],
        short_labels=[date_format(m, "M") for m in months],
        series=[(_("encaissé (€)"), [round(c / 100) for c in cents])],
        formatted=[[euros(c)] for c in cents],
    )
    return {
        "year": year,
        "unpaid_count": unpaid["count"],
        "unpaid": euros(unpaid["cents"]),
        "late_count": unpaid["late"],
        "expected": euros(expected),
        "collected": euros(collected),
        "percent": round(100 * collected / expected) if expected else None,
        "unpaid_url": _admin_list("dues_invoice", status__exact=Invoice.Status.ISSUED),
        "late_url": _admin_list("dues_invoice", situation="late"),
        "year_url": _admin_list("dues_invoice", year__exact=year),
        "chart": chart,
    }


def _charter(today: date) -> dict | None:
    version = CharterVersion.objects.current()
    if version is None:
        return None
    counts = Company.objects.filter(status=Company.Status.ACTIVE).aggregate(
        members=Count("pk", distinct=True),
        signed=Count("pk", filter=Q(signatures__version=version), distinct=True),
    )
    to_sign = counts["members"] - counts["signed"]
    deadline = version.signing_deadline
    return {
        "version": version,
        "signed": counts["signed"],
        "to_sign": to_sign,
        "percent": round(100 * counts["signed"] / counts["members"]) if counts["members"] else None,
        "deadline": deadline,
        "days_left": (deadline - today).days if deadline else None,
        "url": reverse("admin:charter_charterversion_signatories", args=[version.pk]),
    }


def _events(now) -> dict:
    events = list(
        Event.objects.upcoming(now).filter(status=Event.Status.PUBLISHED).for_listing()[:UPCOMING_EVENTS]
    )
    for event in events:
        event.attendees_url = reverse("admin:events_event_attendees", args=[event.pk])
        event.percent = round(100 * event.confirmed_count / event.capacity) if event.capacity else 0
    return {
        "events": events,
        "url": _admin_list("events_event", status__exact=Event.Status.PUBLISHED, starts_at__gte=now.date()),
    }


def _attendance(today: date) -> dict:
    """People present at events of the last twelve months, per intercommunality of the event."""
    since = today - timedelta(days=365)
    # The event's own intercommunality (a territory evening), else the one of its commune.
    rows = list(
        Registration.objects.filter(status=Registration.Status.ATTENDED, event__starts_at__date__gte=since)
        .annotate(epci=Coalesce("event__epci__name", "event__commune__epci__name", Value("—")))
        .values("epci")
        .annotate(attended=Count("pk"))
        .order_by("-attended", "epci")
        .values_list("epci", "attended")
    )
    chart = Chart(
        title=_("Participation aux événements par intercommunalité (12 derniers mois)"),
        description=_("%(n)s présences au total.") % {"n": sum(n for _, n in rows)},
        labels=[name for name, _ in rows],
        series=[(_("présents"), [n for _, n in rows])],
        horizontal=True,
    )
    return {"chart": chart, "url": reverse("admin:events_event_statistics")}


def _membership(today: date) -> dict:
    """New members, departures (resignation, exclusion) and lapses per year, over the last years."""
    years = list(range(today.year - MEMBERSHIP_YEARS + 1, today.year + 1))
    new = dict(
        Company.objects.members()
        .filter(member_since__year__gte=years[0])
        .annotate(year=ExtractYear("member_since"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    moves = {
        (action, year): n
        for action, year, n in AuditEntry.objects.filter(
            action__in=["company.resigned", "company.excluded", "company.lapsed"],
            created_at__year__gte=years[0],
        )
        .annotate(year=ExtractYear("created_at"))
        .values("action", "year")
        .annotate(n=Count("target_id", distinct=True))
        .values_list("action", "year", "n")
    }
    left = [moves.get(("company.resigned", y), 0) + moves.get(("company.excluded", y), 0) for y in years]
    lapsed = [moves.get(("company.lapsed", y), 0) for y in years]
    arrivals = [new.get(y, 0) for y in years]
    chart = Chart(
        title=_("Adhésions par année"),
        description=_(
            "Nouvelles adhérentes, départs (démission ou exclusion) et cotisations impayées, de %(first)s à "
            "%(last)s. Cette année : %(new)s nouvelles, %(left)s départs, %(lapsed)s impayées."
        )
        % {"first": years[0], "last": years[-1], "new": arrivals[-1], "left": left[-1], "lapsed": lapsed[-1]},
        labels=[str(y) for y in years],
        series=[(_("nouvelles"), arrivals), (_("départs"), left), (_("impayées"), lapsed)],
    )
    return {"chart": chart, "url": _admin_list("members_company")}


def failed_tasks_count() -> int:
    """Background work that failed for good (the one place that knows the task queue's tables)."""
    from jura_portal.models import BackgroundTask

    return BackgroundTask.objects.filter(status="failed").count()


def failed_tasks_url() -> str:
    return _admin_list("jura_portal_backgroundtask", statut="failed")


# --- The page ----------------------------------------------------------------------------------

# Which permission opens which block: the one its link needs.
PERMISSIONS = {
    "applications": "members.view_application",
    "dues": "dues.view_invoice",
    "charter": "charter.view_charterversion",
    "events": "events.view_event",
    "attendance": "events.view_registration",
    "membership": "members.view_company",
    "tasks": "jura_portal.view_backgroundtask",
}


def cockpit(user, *, now=None) -> dict:
    """The blocks this member of staff may see, with their figures."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    builders = {
        "applications": lambda: _applications(today),
        "dues": lambda: _dues(today),
        "charter": lambda: _charter(today),
        "events": lambda: _events(now),
        "attendance": lambda: _attendance(today),
        "membership": lambda: _membership(today),
        "tasks": lambda: {"failed": failed_tasks_count(), "url": failed_tasks_url()},
    }
    return {name: build() for name, build in builders.items() if user.has_perm(PERMISSIONS[name])}
