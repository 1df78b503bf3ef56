"""The tile-grid map helper: its layout, its shading steps and the squares it builds."""

from itertools import pairwise

import pytest

from careersite.states import STATES
from careersite.tilemap import (
    COLUMNS,
    GAP,
    ROWS,
    TILE,
    TILE_POSITIONS,
    Bin,
    bin_for,
    tile_map_build,
    value_bins,
)

TERRITORIES = {"PR", "GU", "VI"}


def test_every_state_and_dc_has_exactly_one_square():
    assert set(TILE_POSITIONS) == set(STATES) - TERRITORIES
    assert len(TILE_POSITIONS) == 51


def test_no_two_squares_overlap_and_all_fit_the_grid():
    positions = list(TILE_POSITIONS.values())
    assert len(set(positions)) == len(positions)
    assert all(0 <= col < COLUMNS and 0 <= row < ROWS for col, row in positions)


@pytest.mark.parametrize(
    ("a", "b"),
    # Neighbours stay side by side (or corner to corner) as on a map.
    [
        ("WA", "OR"),
        ("NY", "PA"),
        ("TX", "OK"),
        ("MD", "DC"),
        ("VT", "NH"),
        ("GA", "FL"),
    ],
)
def test_neighbours_touch(a, b):
    (ca, ra), (cb, rb) = TILE_POSITIONS[a], TILE_POSITIONS[b]
    assert max(abs(ca - cb), abs(ra - rb)) == 1


def _dollars(value) -> str:
    return f"${value:,}"


@pytest.mark.parametrize(
    ("values", "unit", "fmt", "expected"),
    [
        ([], 1, str, []),
        ([None], 1, str, []),
        ([4], 1, str, [(1, 4, 4, "4")]),
        # fewer distinct values than steps: one per value, shades spread lightest to darkest
        ([1, 2, 3], 1, str, [(1, 1, 1, "1"), (3, 2, 2, "2"), (5, 3, 3, "3")]),
        ([2, 1, 2, None], 1, str, [(1, 1, 1, "1"), (5, 2, 2, "2")]),
        ([1, 2, 3, 4, 5], 1, str, [(1, 1, 1, "1"), (2, 2, 2, "2"), (3, 3, 3, "3"), (4, 4, 4, "4"), (5, 5, 5, "5")]),
        ([1, 8], 1, str, [(1, 1, 2, "1\u20132"), (2, 3, 4, "3\u20134"), (4, 5, 6, "5\u20136"), (5, 7, 8, "7\u20138")]),
        ([1, 10], 1, str, [(1, 1, 2, "1\u20132"), (2, 3, 4, "3\u20134"), (3, 5, 6, "5\u20136"), (4, 7, 8, "7\u20138"), (5, 9, 10, "9\u201310")]),
        ([3, 7, 25], 1, str, [(1, 3, 7, "3\u20137"), (2, 8, 12, "8\u201312"), (3, 13, 17, "13\u201317"), (4, 18, 22, "18\u201322"), (5, 23, 27, "23\u201327")]),
        (
            [34_610, 41_000, 54_020],
            1000,
            _dollars,
            [
                (1, 34_000, 38_999, "$34,000\u2013$38,999"),
                (2, 39_000, 43_999, "$39,000\u2013$43,999"),
                (3, 44_000, 48_999, "$44,000\u2013$48,999"),
                (4, 49_000, 53_999, "$49,000\u2013$53,999"),
                (5, 54_000, 58_999, "$54,000\u2013$58,999"),
            ],
        ),
    ],
)  # fmt: skip
def test_value_bins(values, unit, fmt, expected):
    bins = value_bins(values, unit=unit, fmt=fmt)
    assert [(b.step, b.low, b.high, b.label) for b in bins] == expected


@pytest.mark.parametrize(
    "values",
    [[1, 2, 3, 50], [34_610, 54_020, 40_000], list(range(1, 200, 7)), [0, 1], [7]],
)
def test_bins_cover_every_value_once_without_gaps(values):
    bins = value_bins(values)
    assert len(bins) <= 5
    assert all(b.low <= b.high for b in bins)
    assert all(nxt.low == prev.high + 1 for prev, nxt in pairwise(bins))
    for value in values:
        assert sum(b.holds(value) for b in bins) == 1


@pytest.mark.parametrize(
    ("value", "step"),
    [(None, None), (0, None), (1, 1), (2, 1), (3, 2), (8, 5), (9, None)],
)
def test_bin_for(value, step):
    bins = [Bin(1, 1, 2, "1-2"), Bin(2, 3, 4, "3-4"), Bin(5, 5, 8, "5-8")]
    found = bin_for(value, bins)
    assert (found.step if found else None) == step


def _map(values, url=None):
    return tile_map_build(
        id="m",
        title="Things by state",
        description="A map.",
        legend_title="Things",
        values=values,
        bins=value_bins(values.values()),
        text=str,
        label=lambda code, value: f"{code}: {value if value is not None else 'none'}",
        url=url,
        missing="None",
    )


def test_tiles_print_their_value_and_name_it():
    tiles = {tile.code: tile for tile in _map({"OH": 5, "TX": 1}).tiles}
    assert len(tiles) == 51
    assert (tiles["OH"].text, tiles["OH"].label, tiles["OH"].shade) == (
        "5",
        "OH: 5",
        "s5",
    )
    assert (tiles["TX"].text, tiles["TX"].shade) == ("1", "s1")
    assert (tiles["ME"].text, tiles["ME"].label, tiles["ME"].shade) == (
        "\u2013",
        "ME: none",
        "none",
    )
    assert tiles["OH"].name == "Ohio"
    assert tiles["OH"].url == ""


def test_squares_sit_on_the_grid_and_link_when_asked():
    built = _map({"OH": 2}, url=lambda code: f"/states/{code.lower()}/")
    tiles = {tile.code: tile for tile in built.tiles}
    col, row = TILE_POSITIONS["OH"]
    assert (tiles["OH"].x, tiles["OH"].y) == (col * (TILE + GAP), row * (TILE + GAP))
    assert tiles["OH"].url == "/states/oh/"
    assert all(
        tile.x + TILE <= built.width and tile.y + TILE <= built.height
        for tile in built.tiles
    )


def test_legend_has_each_step_and_none_only_when_a_square_has_no_value():
    partial = _map({"OH": 1, "TX": 3})
    assert [(e.shade, e.label) for e in partial.legend] == [
        ("s1", "1"),
        ("s3", "2"),
        ("s5", "3"),
        ("none", "None"),
    ]
    everyone = _map(dict.fromkeys(TILE_POSITIONS, 4))
    assert [(e.shade, e.label) for e in everyone.legend] == [("s1", "4")]
