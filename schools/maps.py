"""The programs-by-state tile map (careersite.tilemap) of the states page."""

from django.urls import reverse

from careersite.states import state_name
from careersite.tilemap import TILE_POSITIONS, TileMap, tile_map_build, value_bins


def _programs(count: int) -> str:
    return f"{count} CAHIIM-accredited program{'' if count == 1 else 's'}"


def with_accredited(states: list[dict]) -> list[dict]:
    """selectors.state_program_counts() rows, each with `accredited`: its count less candidacy."""
    return [{**row, "accredited": row["count"] - row["candidacy"]} for row in states]


def state_programs_map(*, states: list[dict]) -> TileMap:
    """Each state shaded by its accredited programs; those in candidacy are named, never counted.

    `states` are rows from with_accredited().
    """
    rows = {row["code"]: row for row in states}
    accredited = {
        code: row["accredited"] for code, row in rows.items() if row["accredited"]
    }

    def label(code: str, value) -> str:
        name = state_name(code)
        text = f"{name}: {_programs(value)}" if value else f"{name}: none listed"
        candidacy = rows.get(code, {}).get("candidacy", 0)
        if candidacy:
            text += f", plus {candidacy} in candidacy (not yet accredited)"
        return text

    return tile_map_build(
        id="programs-map",
        title="CAHIIM-accredited programs in our list, by state",
        description=(
            "A tile map with one square for each state and the District of Columbia, "
            "placed roughly where the state is. Each square shows the state's postal code "
            "and its number of CAHIIM-accredited programs, is darker for more programs, and "
            "links to the state's page. The list that follows gives the same numbers."
        ),
        legend_title="Accredited programs",
        values=accredited,
        bins=value_bins(accredited.values()),
        text=str,
        label=label,
        url=lambda code: reverse("schools:state", kwargs={"code": code.lower()}),
        missing="None listed",
        value_length="short",
    )


def states_off_map(states: list[dict]) -> list[dict]:
    """Rows for places with programs but no square on the map (the territories)."""
    return [row for row in states if row["code"] not in TILE_POSITIONS]
