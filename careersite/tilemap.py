"""Tile-grid maps of the United States: one equal square per state and DC, drawn as inline SVG.

A tile grid keeps every state the same size (Rhode Island is as easy to see and to click as
Texas) and needs no map library or map tiles. The layout is the common 11 x 8 grid used by
newsrooms (NPR's among them): each state sits roughly where it is on a map, next to most of its
neighbours. templates/includes/_tile_map.html draws a TileMap; the squares are shaded in up to
five steps (value_bins), and each also prints its value, so colour is never the only cue.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from careersite.states import state_name

# (column, row) of each state's square, row 0 at the top.
TILE_POSITIONS: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (10, 0),
    "VT": (9, 1), "NH": (10, 1),
    "WA": (0, 2), "ID": (1, 2), "MT": (2, 2), "ND": (3, 2), "MN": (4, 2), "IL": (5, 2),
    "WI": (6, 2), "MI": (7, 2), "NY": (8, 2), "RI": (9, 2), "MA": (10, 2),
    "OR": (0, 3), "NV": (1, 3), "WY": (2, 3), "SD": (3, 3), "IA": (4, 3), "IN": (5, 3),
    "OH": (6, 3), "PA": (7, 3), "NJ": (8, 3), "CT": (9, 3),
    "CA": (0, 4), "UT": (1, 4), "CO": (2, 4), "NE": (3, 4), "MO": (4, 4), "KY": (5, 4),
    "WV": (6, 4), "VA": (7, 4), "MD": (8, 4), "DE": (9, 4),
    "AZ": (1, 5), "NM": (2, 5), "KS": (3, 5), "AR": (4, 5), "TN": (5, 5), "NC": (6, 5),
    "SC": (7, 5), "DC": (8, 5),
    "OK": (3, 6), "LA": (4, 6), "MS": (5, 6), "AL": (6, 6), "GA": (7, 6),
    "HI": (0, 7), "TX": (3, 7), "FL": (8, 7),
}  # fmt: skip

COLUMNS = 11
ROWS = 8
TILE = 44  # side of a square, in viewBox units
GAP = 4
MAX_STEPS = 5


@dataclass(frozen=True)
class Bin:
    """One shading step: values from `low` to `high` (inclusive), drawn as shade `step` (1 = lightest)."""

    step: int
    low: float
    high: float
    label: str

    def holds(self, value) -> bool:
        return self.low <= value <= self.high


def value_bins(
    values, *, steps: int = MAX_STEPS, unit: int = 1, fmt: Callable = str
) -> list[Bin]:
    """Up to `steps` equal ranges covering whole-number `values`, each a whole number of `unit`s wide.

    Ranges start at the smallest value rounded down to a `unit` and never overlap: with unit 1,
    1-2 then 3-4; with unit 1000, $33,000-$36,999 then $37,000-$40,999. Fewer distinct values
    than steps give one range per value. No values, no ranges.
    """
    values = sorted({v for v in values if v is not None})
    if not values:
        return []
    low = math.floor(values[0] / unit) * unit
    spread = math.floor(values[-1] / unit) * unit - low + unit  # whole units covered
    width = math.ceil(spread / unit / steps) * unit
    bins = []
    start = low
    while start <= values[-1]:
        end = start + width - 1
        label = fmt(start) if width == 1 else f"{fmt(start)}\u2013{fmt(end)}"
        bins.append(Bin(step=len(bins) + 1, low=start, high=end, label=label))
        start += width
    # Shade the steps across the whole scale: with 3 ranges, lightest, middle and darkest.
    if len(bins) < steps and len(bins) > 1:
        spread_steps = [
            1 + round(i * (steps - 1) / (len(bins) - 1)) for i in range(len(bins))
        ]
        bins = [
            Bin(step=s, low=b.low, high=b.high, label=b.label)
            for s, b in zip(spread_steps, bins, strict=True)
        ]
    return bins


def bin_for(value, bins: list[Bin]) -> Bin | None:
    if value is None:
        return None
    return next((b for b in bins if b.holds(value)), None)


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    x: int
    y: int
    text: str  # printed in the square, under the state code
    label: str  # the square's accessible name: state, value and what it means
    shade: str  # "s1".."s5", or "none" for no value
    url: str = ""

    @property
    def code_y(self) -> int:
        return self.y + 18

    @property
    def text_y(self) -> int:
        return self.y + 35

    @property
    def center_x(self) -> int:
        return self.x + TILE // 2


@dataclass(frozen=True)
class LegendEntry:
    shade: str
    label: str


@dataclass
class TileMap:
    id: str  # prefix for the ids inside the SVG (title, pattern): unique on the page
    title: str
    description: str
    legend_title: str = ""
    # "short" values (a count of one or two digits) are printed larger than, say, "$50.3k".
    value_length: str = "long"
    tiles: list[Tile] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    tile: int = TILE
    width: int = COLUMNS * (TILE + GAP) - GAP
    height: int = ROWS * (TILE + GAP) - GAP

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def tile_map_build(
    *,
    id: str,
    title: str,
    description: str,
    legend_title: str,
    values: Mapping[str, float | None],
    bins: list[Bin],
    text: Callable[[float], str],
    label: Callable[[str, float | None], str],
    url: Callable[[str], str] | None = None,
    missing: str = "No figure",
    missing_text: str = "\u2013",
    value_length: str = "long",
) -> TileMap:
    """A square per state and DC, shaded by its value's bin; a state without a value is "none".

    `text(value)` is printed in the square, `label(code, value)` is its accessible name (value
    None when it has none), `url(code)`
    (optional) makes the square a link, and `missing` labels "none" in the legend.
    """
    tiles = []
    for code, (column, row) in TILE_POSITIONS.items():
        value = values.get(code)
        found = bin_for(value, bins)
        tiles.append(
            Tile(
                code=code,
                name=state_name(code),
                x=column * (TILE + GAP),
                y=row * (TILE + GAP),
                text=text(value) if found else missing_text,
                label=label(code, value if found else None),
                shade=f"s{found.step}" if found else "none",
                url=url(code) if url else "",
            )
        )
    legend = [LegendEntry(f"s{b.step}", b.label) for b in bins]
    if any(tile.shade == "none" for tile in tiles):
        legend.append(LegendEntry("none", missing))
    return TileMap(
        id=id,
        title=title,
        description=description,
        legend_title=legend_title,
        value_length=value_length,
        tiles=tiles,
        legend=legend,
    )
