"""Geometry of the server-side SVG bar chart of annual mean wage by state, and its tile map.

The chart is drawn by templates/careers/_wage_chart.html from a WageChart: no JavaScript, no inline
styles (CSP). The viewBox is narrow (360 units) so that at a 375 px phone width one unit is about
one CSS pixel and the 11-unit labels stay readable; on wide screens CSS caps the width.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.text import slugify

from careersite.tilemap import TileMap, tile_map_build, value_bins
from schools.states import STATES, state_name

STATE_CODES = set(STATES)

WIDTH = 360
LABEL_WIDTH = 100  # state names end at x = LABEL_WIDTH - 6
BAR_AREA = 200
TOP = 44  # room for the mean line's label
ROW = 17
BAR_HEIGHT = 12
BOTTOM = 30  # axis labels


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int
    width: float
    text_y: int
    value_x: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass
class WageChart:
    title: str
    description: str
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    mean_x: float | None = None
    mean_label: str = ""
    mean_note: str = ""
    mean_label_anchor: str = "end"
    mean_label_x: float = 0
    width: int = WIDTH
    bar_x: int = LABEL_WIDTH
    axis_y: int = 0

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def dollars(value) -> str:
    return f"${intcomma(int(value))}"


def _scale_max(maximum: int) -> int:
    """Round the axis up to the next 10,000 so ticks fall on round figures."""
    return max(10_000, -(-int(maximum) // 10_000) * 10_000)


def wage_chart_build(
    *,
    rows,
    period: str,
    occupation: str,
    mean: Decimal,
    mean_label: str,
    mean_note: str = "",
    mean_description: str = "",
) -> WageChart:
    """Bars sorted highest first; `mean` is drawn as a dashed line labelled with `mean_label`."""
    rows = sorted(rows, key=lambda row: (-row.annual_mean_wage, row.state_name))
    top = _scale_max(max(row.annual_mean_wage for row in rows))
    scale = BAR_AREA / top
    height = TOP + ROW * len(rows) + BOTTOM
    bars = [
        Bar(
            label=row.state_name,
            value_text=dollars(row.annual_mean_wage),
            y=TOP + index * ROW + (ROW - BAR_HEIGHT) // 2,
            width=round(row.annual_mean_wage * scale, 1),
            text_y=TOP + index * ROW + ROW - 4,
            value_x=round(LABEL_WIDTH + row.annual_mean_wage * scale + 3, 1),
        )
        for index, row in enumerate(rows)
    ]
    ticks = [
        Tick(
            x=round(LABEL_WIDTH + value * scale, 1),
            label="$0" if value == 0 else f"${value // 1000}k",
        )
        for value in range(0, top + 1, 10_000)
    ]
    mean_x = round(LABEL_WIDTH + float(mean) * scale, 1)
    highest, lowest = rows[0], rows[-1]
    description = (
        f"Horizontal bar chart of the annual mean wage of {occupation[:1].lower()}{occupation[1:]} in {len(rows)} states, {period}, "
        f"highest first. Highest: {highest.state_name}, {dollars(highest.annual_mean_wage)}. "
        f"Lowest: {lowest.state_name}, {dollars(lowest.annual_mean_wage)}. "
        f"A dashed line marks {mean_description or mean_label}. "
        "The same figures are in the table that follows."
    )
    # Keep the line's label inside the viewBox: end it at the line unless it would run off the left.
    anchor, label_x = (
        ("end", mean_x + 3) if mean_x > WIDTH / 2 else ("start", mean_x - 3)
    )
    return WageChart(
        title=f"Annual mean wage by state, {period}",
        description=description,
        height=height,
        bars=bars,
        ticks=ticks,
        mean_x=mean_x,
        mean_label=mean_label,
        mean_note=mean_note,
        mean_label_anchor=anchor,
        mean_label_x=label_x,
        axis_y=TOP + ROW * len(rows),
    )


def _thousands(value) -> str:
    """$40,920 as "$40.9k": short enough for a map square (the exact figure is its label)."""
    return f"${int(value) / 1000:.1f}k"


def wage_tile_map(*, rows, period: str) -> TileMap:
    """The charted period's annual mean wage on a tile map of the states, in five shades."""
    values = {row.state_code: row.annual_mean_wage for row in rows}

    def label(code: str, value) -> str:
        name = state_name(code)
        if value is None:
            return f"{name}: no figure for {period}"
        return f"{name}: annual mean wage {dollars(value)}, {period}"

    return tile_map_build(
        id="wage-map",
        title=f"Annual mean wage by state on a map, {period}",
        description=(
            f"A tile map with one square for each state and the District of Columbia, placed "
            f"roughly where the state is. Each square shows the state's postal code and its "
            f"annual mean wage for {period} in thousands of dollars, and is darker for a higher "
            "wage; hatched squares have no figure for this period. The table that follows gives "
            "the same figures."
        ),
        legend_title=f"Annual mean wage, {period}",
        values=values,
        bins=value_bins(values.values(), unit=1000, fmt=dollars),
        text=_thousands,
        label=label,
        missing="No figure for this period",
    )


def median_tile_map(*, rows, period: str) -> TileMap:
    """Each state's annual median wage (PayEstimate rows) on the tile map, in five shades."""
    values = {
        row.area.state: row.annual_median
        for row in rows
        if row.area.state in STATE_CODES
    }

    def label(code: str, value) -> str:
        name = state_name(code)
        if value is None:
            return f"{name}: median not released for {period}"
        return f"{name}: annual median wage {dollars(value)}, {period}"

    return tile_map_build(
        id="wage-map",
        title=f"Annual median wage by state on a map, {period}",
        description=(
            "A tile map with one square for each state and the District of Columbia, placed "
            "roughly where the state is. Each square shows the state's postal code and its "
            f"annual median wage for {period} in thousands of dollars, and is darker for a higher "
            "wage; hatched squares have no released figure. The table that follows gives "
            "the same figures."
        ),
        legend_title=f"Annual median wage, {period}",
        values={code: value for code, value in values.items() if value is not None},
        bins=value_bins(
            [v for v in values.values() if v is not None], unit=1000, fmt=dollars
        ),
        text=_thousands,
        label=label,
        url=lambda code: reverse("careers:pay-state", args=[slugify(state_name(code))]),
        missing="Not released",
    )
