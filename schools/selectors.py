"""Reads that take user input: the finder's search, its wider alternatives and listing pages
(the programs half of site search is schools.search)."""

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

from careersite.geo import EARTH_RADIUS_MILES, Point, bounding_box, zip_point
from schools.counts import FORMAT_DELIVERIES, UNSTATED, finder_counts, state_counts
from schools.models import EducationPathway, Institution, Program

WIDER_RADII = [100, 250, 500]  # the larger distances a search with no results offers
# The State choice "Online (any state)": online programs from every state, wherever the reader lives.
ONLINE_PLACE = "online"


def _float(value: float) -> Value:
    return Value(value, output_field=FloatField())


def distance_expression(origin: Point):
    """Haversine distance in miles from `origin` to a program's institution, as SQL."""
    lat0, lng0 = map(math.radians, origin)
    lat = Radians(F("institution__latitude"))
    half_dlat = (lat - _float(lat0)) / _float(2.0)
    half_dlng = (Radians(F("institution__longitude")) - _float(lng0)) / _float(2.0)
    h = Power(Sin(half_dlat), 2) + _float(math.cos(lat0)) * Cos(lat) * Power(
        Sin(half_dlng), 2
    )
    return _float(2 * EARTH_RADIUS_MILES) * ASin(Sqrt(h))


def _within(origin: Point, radius: float) -> Q:
    """Inside the radius: a bounding box the coordinates index can serve, then the exact distance."""
    min_lat, max_lat, min_lng, max_lng = bounding_box(origin, radius)
    return Q(
        institution__latitude__range=(min_lat, max_lat),
        institution__longitude__range=(min_lng, max_lng),
        distance__lte=radius,
    )


def _format_q(format: str, *, unstated: bool = False) -> Q:
    """Programs offered in `format`; with `unstated`, also those whose format our source does not
    state (never otherwise: an unknown format is not "online")."""
    if format == "online":
        q = Q(delivery=Program.Delivery.ONLINE)
    elif format == "campus":
        q = Q(delivery__in=[Program.Delivery.CAMPUS, Program.Delivery.HYBRID])
    else:
        return Q()
    return q | Q(delivery="") if unstated else q


class ProgramList:
    """Matching programs in search order, those in candidacy after the rest.

    Each part is one query in the search's own order (for most searches the order of
    program_finder_order_idx, so no sort), sliced by the counts: a page costs one query, or two
    where the parts meet. Iterating runs both queries. The counts come from `counter` when given
    (schools.counts: the same numbers without counting the matches), else from counting them.
    """

    def __init__(
        self,
        matches: QuerySet[Program],
        counter: Callable[[], dict[str, int]] | None = None,
    ):
        self.matches = matches
        self.counter = counter or (lambda: program_counts(self.matches))
        self._counts: dict[str, int] | None = None

    def counts(self) -> dict[str, int]:
        if self._counts is None:
            self._counts = self.counter()
        return self._counts

    def parts(self) -> tuple[QuerySet[Program], QuerySet[Program]]:
        candidacy = Q(status=Program.Status.CANDIDACY)
        return self.matches.exclude(candidacy), self.matches.filter(candidacy)

    def __len__(self) -> int:
        return self.counts()["total"]

    def __iter__(self):
        for part in self.parts():
            yield from part

    def __getitem__(self, index):
        if not isinstance(index, slice):
            rows = self[index : index + 1] if index >= 0 else []
            if not rows:
                raise IndexError("program index out of range")
            return rows[0]
        start, stop, _ = index.indices(len(self))
        split = self.counts()["total"] - self.counts()["candidacy"]
        first, last = self.parts()
        rows = list(first[start : min(stop, split)]) if start < split else []
        if stop > split:
            rows += list(last[max(start - split, 0) : stop - split])
        return rows


@dataclass
class ProgramSearch:
    pathway: EducationPathway
    state: str
    format: str
    zip: str
    radius: int | None
    origin: Point | None
    programs: ProgramList
    # "Online (any state)": online programs from every state; state is then "".
    online_place: bool = False
    # Programs whose format is not stated are included in a format search.
    unstated: bool = False

    def unstated_left_out(self) -> int:
        """How many programs a format search left out only because their format is not stated."""
        if self.unstated or self.online_place or self.format not in FORMAT_DELIVERIES:
            return 0
        if not self.origin:
            return finder_counts(
                levels=self.pathway.levels, state=self.state, formats=(UNSTATED,)
            )["total"]
        programs = self.base().filter(delivery="", **self._state_filter())
        return programs.filter(_within(self.origin, self.radius)).count()

    def _state_filter(self) -> dict:
        return {"institution__state": self.state} if self.state else {}

    def base(self) -> QuerySet[Program]:
        programs = Program.objects.public().filter(level__in=self.pathway.levels)
        return (
            programs.annotate(distance=distance_expression(self.origin))
            if self.origin
            else programs
        )

    def wider(self) -> list[dict]:
        """Looser searches that would find something, with their counts, from one query."""
        state_q = Q(institution__state=self.state) if self.state else Q()
        if self.online_place:
            state_q = _format_q("online")
        place_q = _within(self.origin, self.radius) if self.origin else Q()
        options = {}
        if self.state:
            options["any_state"] = (_format_q(self.format) & place_q, {"state": None})
        if self.format != "any":
            options["any_format"] = (state_q & place_q, {"format": None})
        for radius in (r for r in WIDER_RADII if self.origin and r > self.radius):
            options[f"radius_{radius}"] = (
                _format_q(self.format) & state_q & _within(self.origin, radius),
                {"radius": radius},
            )
        if (
            self.state or self.origin or self.format != "online"
        ) and not self.online_place:
            options["online"] = (
                _format_q("online"),
                {"format": None, "state": ONLINE_PLACE, "zip": None, "radius": None},
            )
        if (self.state or self.origin or self.online_place) and self.format != "any":
            options["everywhere"] = (
                Q(),
                {"state": None, "zip": None, "radius": None, "format": None},
            )
        if not options:
            return []
        counts = self.base().aggregate(
            **{name: Count("pk", filter=q) for name, (q, _) in options.items()}
        )
        wider, radius_offered = [], False
        for name, (_, changes) in options.items():
            if counts[name] and not (name.startswith("radius_") and radius_offered):
                radius_offered = radius_offered or name.startswith("radius_")
                wider.append(
                    {
                        "key": name.split("_")[0]
                        if name.startswith("radius_")
                        else name,
                        "count": counts[name],
                        "changes": changes,
                    }
                )
        return wider


def program_search(
    *,
    pathway: EducationPathway | str,
    state: str = "",
    format: str = "any",
    zip: str = "",
    radius: int | None = None,
    unstated: bool = False,
) -> ProgramSearch:
    """Programs a reader with `pathway`'s education can enroll in next, narrowed by place and format.

    With a ZIP code: institutions within `radius` miles (50 by default), nearest first, each with
    a `distance` in miles. Otherwise in the pathway's level order, then by institution name. Programs
    in candidacy come after all the others. State ONLINE_PLACE is "Online (any state)": online
    programs from every state (a ZIP code is then ignored: online is the place).
    """
    if isinstance(pathway, str):
        pathway = EducationPathway.objects.get(key=pathway)
    online_place = (state or "").lower() == ONLINE_PLACE
    state = "" if online_place else (state or "").upper()
    format = format or "any"
    zip = "" if online_place else zip
    origin = zip_point(zip) if zip else None
    radius = (radius or 50) if origin else None
    search = ProgramSearch(
        pathway,
        state,
        format,
        zip if origin else "",
        radius,
        origin,
        ProgramList(Program.objects.none()),
        online_place,
        unstated and format in FORMAT_DELIVERIES and not online_place,
    )
    programs = (
        search.base()
        .filter(_format_q(format, unstated=search.unstated))
        .select_related("institution")
    )
    if online_place:
        programs = programs.filter(_format_q("online"))
    if state:
        programs = programs.filter(institution__state=state)
    if origin:
        programs = programs.filter(_within(origin, radius)).order_by(
            "distance", "institution_name", "name", "pk"
        )
    elif list(pathway.levels) == sorted(pathway.levels):
        # The level values sort alphabetically in degree order (associate < baccalaureate < masters), so a
        # pathway in that order sorts on the columns of program_finder_order_idx: no join and no full sort.
        programs = programs.order_by("level", "institution_name", "name", "pk")
    else:
        rank = Case(
            *(
                When(level=level, then=Value(i))
                for i, level in enumerate(pathway.levels)
            ),
            default=Value(99),
            output_field=IntegerField(),
        )
        programs = programs.annotate(level_rank=rank).order_by(
            "level_rank", "institution_name", "name", "pk"
        )
    # Distance is not in the count table: a ZIP search counts its matches (the box index narrows them).
    counter = None
    if not origin:
        formats = (format, ONLINE_PLACE) if online_place else (format,)

        def counter():
            return finder_counts(
                levels=pathway.levels,
                state=state,
                formats=formats,
                unstated=search.unstated,
            )

    search.programs = ProgramList(programs, counter)
    return search


def program_counts(programs: QuerySet[Program]) -> dict[str, int]:
    """How many match, how many are accredited, in candidacy, on probation: one query (index-only).

    Only "accredited" may be called CAHIIM-accredited; candidacy programs are not accredited yet.
    """
    return programs.order_by().aggregate(
        total=Count("*"),
        accredited=Count("status", filter=Q(status=Program.Status.ACCREDITED)),
        candidacy=Count("status", filter=Q(status=Program.Status.CANDIDACY)),
        probation=Count("status", filter=Q(status=Program.Status.PROBATION)),
    )


def state_program_counts() -> list[dict]:
    """States with at least one visible program, with counts (all, and those in candidacy), by state name."""
    from careersite.states import state_name

    states = [{**row, "name": state_name(row["code"])} for row in state_counts()]
    return sorted(states, key=lambda s: s["name"])


def programs_in_state(code: str) -> ProgramList:
    """Visible programs based in a state: associate degrees first, then by institution; candidacy last."""
    return ProgramList(
        Program.objects.public()
        .filter(institution__state=code)
        .select_related("institution")
        .order_by("level", "institution_name", "name", "pk"),
        lambda: finder_counts(state=code),
    )


def candidacy_last(programs: list[Program]) -> list[Program]:
    """The same programs, those in candidacy (not yet accredited) after the others, order otherwise kept."""
    return sorted(programs, key=lambda p: p.status == Program.Status.CANDIDACY)


def _programs_of(
    institution: Institution, *, excluding: Program | None = None
) -> list[Program]:
    """The institution's visible programs by level and name, candidacy last, each carrying the institution."""
    programs = Program.objects.public().filter(institution_id=institution.pk)
    if excluding is not None:
        programs = programs.exclude(pk=excluding.pk)
    programs = candidacy_last(programs.order_by("level", "name", "pk"))
    for program in programs:
        program.institution = institution  # already loaded: no query per card
    return programs


def institution_with_programs(*, slug: str) -> tuple[Institution, list[Program]] | None:
    """The institution and its visible programs, or None when no institution has the slug."""
    institution = Institution.objects.filter(slug=slug).first()
    if institution is None:
        return None
    return institution, _programs_of(institution)


def program_with_others(*, slug: str) -> tuple[Program, list[Program]] | None:
    """The visible program and its institution's other visible programs, or None when none has the slug."""
    program = (
        Program.objects.public().select_related("institution").filter(slug=slug).first()
    )
    if program is None:
        return None
    return program, _programs_of(program.institution, excluding=program)


def programs_near(point, *, limit: int = 6, radius: int = 150) -> list[Program]:
    """The visible programs nearest to a point within `radius` miles, each with its `distance`."""
    return list(
        Program.objects.public()
        .select_related("institution")
        .annotate(distance=distance_expression(point))
        .filter(_within(point, radius))
        .order_by("distance", "name", "pk")[:limit]
    )


def programs_in_state_first(code: str, *, limit: int) -> list[Program]:
    """The first `limit` visible programs based in a state, in the state page's order (one query)."""
    candidacy_last = Case(
        When(status=Program.Status.CANDIDACY, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return list(
        Program.objects.public()
        .filter(institution__state=code)
        .select_related("institution")
        .order_by(candidacy_last, "level", "institution_name", "name", "pk")[:limit]
    )
