"""An impact indicator drawn as inline SVG bars (one per period) with its target and baseline as lines.

No script, no style attribute (the CSP holds): plain numbers computed here, drawn by the template
`projects/includes/indicator_chart.html`, which also gives the table of the figures.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format, number_format

WIDTH, HEIGHT = 640, 240
TOP, BOTTOM, LEFT, RIGHT = 20, 36, 8, 8


def _n(value: float) -> str:
    """An SVG coordinate: a dot for decimals whatever the language."""
    return f"{value:.1f}"


def figure(value: Decimal | None) -> str:
    """A value as the French read it: « 12 500 », « 2,5 »."""
    if value is None:
        return "—"
    return number_format(value.normalize(), decimal_pos=None, use_l10n=True, force_grouping=True)


@dataclass
class IndicatorChart:
    name: str
    unit: str
    baseline: Decimal
    target: Decimal | None
    points: list[tuple[str, Decimal]]  # (period label, actual value), oldest first
    key: str = "indicateur"  # the SVG's title and description ids

    @property
    def latest(self) -> tuple[str, Decimal] | None:
        """The last period and its value: what the project has reached so far."""
        return self.points[-1] if self.points else None

    @property
    def peak(self) -> Decimal:
        return max([Decimal(1), self.baseline, self.target or Decimal(0), *(v for _, v in self.points)])

    def _y(self, value: Decimal) -> float:
        plot = HEIGHT - TOP - BOTTOM
        return TOP + plot - float(plot * value / self.peak)

    def drawing(self) -> dict:
        """The bars, the lines and the labels, in the SVG's own units."""
        count = max(len(self.points), 1)
        slot = (WIDTH - LEFT - RIGHT) / count
        bar = max(slot * 0.6, 2)
        bars = []
        for i, (label, value) in enumerate(self.points):
            x = LEFT + i * slot + (slot - bar) / 2
            y = self._y(value)
            bars.append(
                {
                    "x": _n(x),
                    "y": _n(y),
                    "width": _n(bar),
                    "height": _n(HEIGHT - BOTTOM - y),
                    "label": label,
                    "value": figure(value),
                    "label_x": _n(x + bar / 2),
                }
            )
        lines = {"baseline_y": _n(HEIGHT - BOTTOM), "label_y": HEIGHT - 12}
        if self.target is not None:
            lines["target_y"] = _n(self._y(self.target))
        if self.baseline:
            lines["start_y"] = _n(self._y(self.baseline))
        return {"width": WIDTH, "height": HEIGHT, "bars": bars, **lines}


def indicator_chart(indicator) -> IndicatorChart:
    """The chart of an indicator from projects.selectors.indicator_series (`series`, oldest period first)."""
    values = indicator.series
    return IndicatorChart(
        name=indicator.name,
        unit=indicator.unit,
        baseline=indicator.baseline,
        target=indicator.target,
        points=[(date_format(v.period, "M Y"), v.value) for v in values],
        key=f"indicateur-{indicator.pk}",
    )
