"""The states page's tile map: a square per state, shaded and labelled by accredited programs."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from schools.models import Program
from tests.factories import make_institution, make_program

pytestmark = pytest.mark.django_db
URL = reverse("schools:states")


@pytest.fixture
def programs():
    texas = make_institution(
        name="St. Philip's College", state="TX", city="San Antonio"
    )
    for n in range(3):
        make_program(institution=texas, name=f"HIT {n}")
    make_program(institution=texas, name="New HIT", status=Program.Status.CANDIDACY)
    make_program(institution=texas, name="Gone HIT", status=Program.Status.WITHDRAWN)
    maine = make_institution(name="Kennebec Valley", state="ME")
    make_program(institution=maine, name="HIT", status=Program.Status.CANDIDACY)
    make_program(institution=make_institution(name="Columbus", state="OH"))
    # On the list, though not on the map
    make_program(institution=make_institution(name="San Juan College", state="PR"))


def _tiles(html: str) -> dict[str, tuple[str, str]]:
    """{href: (aria-label, class)} of the map's linked squares."""
    svg = html[html.index('<svg class="tile-map ') : html.index("</svg>")]
    return {
        href: (label, css)
        for css, href, label in re.findall(
            r'<a class="tile ([^"]+)" href="([^"]+)" aria-label="([^"]+)">', svg
        )
    }


def test_every_state_square_links_to_its_page(client, programs):
    html = client.get(URL).content.decode()
    tiles = _tiles(html)
    assert len(tiles) == 51
    assert reverse("schools:state", args=["dc"]) in tiles
    assert reverse("schools:state", args=["pr"]) not in tiles


def test_squares_count_accredited_programs_and_name_candidacy(client, programs):
    tiles = _tiles(client.get(URL).content.decode())
    state = lambda code: tiles[reverse("schools:state", args=[code])]  # noqa: E731
    assert state("tx") == (
        "Texas: 3 CAHIIM-accredited programs, plus 1 in candidacy (not yet accredited)",
        "tile--s5",
    )
    assert state("oh") == ("Ohio: 1 CAHIIM-accredited program", "tile--s1")
    # Candidacy alone is not accredited: the square has no shade of its own.
    assert state("me") == (
        "Maine: none listed, plus 1 in candidacy (not yet accredited)",
        "tile--none",
    )
    assert state("wy") == ("Wyoming: none listed", "tile--none")


def test_squares_print_code_and_number_and_the_list_is_the_text_alternative(
    client, programs
):
    response = client.get(URL)
    html = response.content.decode()
    assert re.search(
        r'<text class="tile__code"[^>]*>TX</text>\s*<text class="tile__value"[^>]*>3</text>',
        html,
    )
    assertContains(response, 'role="group" aria-labelledby="programs-map-title"')
    assertContains(response, 'href="#state-list-title"')
    assertContains(response, "+1 in candidacy", count=2)  # Texas and Maine, in the list
    assertContains(
        response,
        '<span class="badge text-bg-light border">3<span class="visually-hidden"> accredited programs</span></span>',
        html=True,
    )
    assertContains(response, "Not on the map:")
    assertContains(response, "Puerto Rico")
    legend = html[html.index('class="tile-map-legend"') :]
    assert "None listed" in legend
    assertNotContains(response, "style=")


def test_an_empty_list_still_draws_every_state(client):
    html = client.get(URL).content.decode()
    tiles = _tiles(html)
    assert len(tiles) == 51
    assert all(css == "tile--none" for _, css in tiles.values())
    assert "Not on the map" not in html
