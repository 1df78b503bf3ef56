"""The salary page's tile map of state medians, and how a dollar figure reads in it."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.text import slugify

from careersite.states import STATES, state_name
from careersite.tilemap import TileMap, tile_map_build, value_bins

STATE_CODES = set(STATES)


def dollars(value) -> str:
    return f"${intcomma(int(value))}"


def _thousands(value) -> str:
    """$40,920 as "$40.9k": short enough for a map square (the exact figure is its label)."""
    return f"${int(value) / 1000:.1f}k"


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
