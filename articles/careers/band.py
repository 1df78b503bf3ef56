"""Geometry of the server-rendered percentile band chart (10th to 90th percentile, annual pay).

One row per (label, estimate): a thin line from the 10th to the 90th percentile, a box from the 25th to the
75th and a mark at the median. Drawn by templates/careers/_band_chart.html as SVG with classes only (CSP);
the same figures are always in a table beside it, which is the chart's text equivalent.
"""

from dataclasses import dataclass

from articles.careers.chart import dollars

WIDTH = 360
LEFT = 8
RIGHT = 352
ROW = 46
TOP = 8
AXIS = 22


@dataclass(frozen=True)
class BandRow:
    label: str
    y: int
    label_y: int
    x10: float
    x25: float
    x50: float
    x75: float
    x90: float
    box_width: float
    median_text: str
    median_anchor: str


@dataclass(frozen=True)
class BandChart:
    title: str
    description: str
    rows: list[BandRow]
    ticks: list[tuple[float, str]]
    height: int
    axis_y: int
    width: int = WIDTH

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def band_chart_build(*, title: str, rows: list[tuple[str, object]]) -> BandChart | None:
    """The chart for rows whose five percentiles are all released; None when no row has them."""
    usable = [
        (label, e)
        for label, e in rows
        if e is not None
        and None
        not in (e.annual_p10, e.annual_p25, e.annual_median, e.annual_p75, e.annual_p90)
    ]
    if not usable:
        return None
    top = max(10_000, -(-max(e.annual_p90 for _, e in usable) // 20_000) * 20_000)

    def x(value: int) -> float:
        return round(LEFT + (RIGHT - LEFT) * value / top, 1)

    bands = []
    for index, (label, e) in enumerate(usable):
        y = TOP + index * ROW + 18
        median_x = x(e.annual_median)
        bands.append(
            BandRow(
                label=label,
                y=y,
                label_y=y - 6,
                x10=x(e.annual_p10),
                x25=x(e.annual_p25),
                x50=median_x,
                x75=x(e.annual_p75),
                x90=x(e.annual_p90),
                box_width=round(x(e.annual_p75) - x(e.annual_p25), 1),
                median_text=f"median {dollars(e.annual_median)}",
                median_anchor="end" if median_x > WIDTH * 0.6 else "start",
            )
        )
    axis_y = TOP + len(usable) * ROW + 4
    ticks = [
        (x(v), "$0" if v == 0 else f"${v // 1000}k") for v in range(0, top + 1, 20_000)
    ]
    summary = "; ".join(
        f"{label}: 10th percentile {dollars(e.annual_p10)}, median {dollars(e.annual_median)}, "
        f"90th percentile {dollars(e.annual_p90)}"
        for label, e in usable
    )
    return BandChart(
        title=title,
        description=(
            "Each row shows annual pay from the 10th to the 90th percentile as a line, the middle half "
            f"(25th to 75th percentile) as a box and the median as a mark. {summary}. "
            "The same figures are in the table that follows."
        ),
        rows=bands,
        ticks=ticks,
        height=axis_y + AXIS,
        axis_y=axis_y,
    )
