"""Writing a checked BLS OEWS release (articles.careers.oews reads and checks it): all or nothing, idempotent.

A new release is imported beside the ones already loaded; a second import of the same files changes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from articles.careers.oews import DATA_DIR, ParsedRelease, release_read
from articles.careers.places import metro_point, principal_cities
from articles.models.pay import (
    PayArea,
    PayEstimate,
    PayIndustryEstimate,
    PayOccupation,
    PayRelease,
)
from careersite.states import STATES


def area_slug(kind: str, state: str, name: str) -> str:
    if kind == PayArea.Kind.NATIONAL:
        return "united-states"
    if kind == PayArea.Kind.STATE:
        return slugify(STATES.get(state, name))
    return slugify(name)[:120]


@dataclass
class ReleaseImportReport:
    release: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"{self.release}: {self.created} rows created, {self.updated} updated, {self.unchanged} unchanged"


def _changed(obj, fields: dict) -> bool:
    return any(getattr(obj, name) != value for name, value in fields.items())


def _sync(
    model, existing: dict, wanted: dict, report, progress, build: Callable
) -> None:
    """Create the missing rows and update the changed ones; count each as created, updated or unchanged."""
    new, changed = [], []
    for key, fields in wanted.items():
        obj = existing.get(key)
        if obj is None:
            new.append(build(key, fields))
        elif _changed(obj, fields):
            for name, value in fields.items():
                setattr(obj, name, value)
            changed.append(obj)
        else:
            report.unchanged += 1
        progress(1)
    model.objects.bulk_create(new, batch_size=500)
    if changed:
        model.objects.bulk_update(
            changed, list(next(iter(wanted.values())).keys()), batch_size=500
        )
    report.created += len(new)
    report.updated += len(changed)


@transaction.atomic
def release_import(
    parsed: ParsedRelease,
    *,
    locate: Callable[[dict], dict] | None = None,
    progress: Callable[[int], object] = lambda n: None,
) -> ReleaseImportReport:
    """Write a checked release: create what is new, update what changed, leave the rest (all or nothing)."""
    fields = parsed.release
    release, created = PayRelease.objects.get_or_create(
        code=fields["code"], defaults=fields
    )
    report = ReleaseImportReport(release=release.name, created=int(created))
    if not created and _changed(release, fields):
        PayRelease.objects.filter(pk=release.pk).update(**fields)
        report.updated += 1
    occupations = {o.soc: o for o in PayOccupation.objects.all()}
    _sync(
        PayOccupation,
        occupations,
        {soc: {"title": t} for soc, t in parsed.occupations.items()},
        report,
        lambda n: None,
        lambda soc, f: PayOccupation(soc=soc, **f),
    )
    occupations = {o.soc: o for o in PayOccupation.objects.all()}
    wanted_areas = {}
    for code, area in parsed.areas.items():
        wanted_areas[code] = {
            **area,
            "slug": area_slug(area["kind"], area["state"], area["name"]),
            **(locate(area) if locate else {}),
        }
    _sync(
        PayArea,
        {a.code: a for a in PayArea.objects.all()},
        wanted_areas,
        report,
        lambda n: None,
        lambda code, f: PayArea(code=code, **f),
    )
    areas = {a.code: a for a in PayArea.objects.all()}
    existing = {
        (e.occupation.soc, e.area.code): e
        for e in PayEstimate.objects.filter(release=release).select_related(
            "occupation", "area"
        )
    }
    _sync(
        PayEstimate,
        existing,
        {(soc, code): m for soc, code, m in parsed.estimates},
        report,
        progress,
        lambda key, f: PayEstimate(
            release=release, occupation=occupations[key[0]], area=areas[key[1]], **f
        ),
    )
    existing = {
        (e.occupation.soc, e.naics): e
        for e in PayIndustryEstimate.objects.filter(release=release).select_related(
            "occupation"
        )
    }
    _sync(
        PayIndustryEstimate,
        existing,
        {(soc, naics): m for soc, naics, m in parsed.industries},
        report,
        progress,
        lambda key, f: PayIndustryEstimate(
            release=release, occupation=occupations[key[0]], naics=key[1], **f
        ),
    )
    return report


def area_locate(area: dict) -> dict:
    """A metro area's principal cities and point (its first city's); other areas have neither."""
    if area["kind"] != PayArea.Kind.METRO:
        return {"principal_cities": [], "latitude": None, "longitude": None}
    point = metro_point(area["name"])
    return {
        "principal_cities": [city for city, _ in principal_cities(area["name"])],
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
    }


def releases_seed(
    *, folders: Iterable[Path] = (DATA_DIR,), locate=area_locate
) -> list[ReleaseImportReport]:
    """Import the shipped release(s): the same idempotent import as the command, so a site seeded before a
    fix to the files or to the areas' names and places gets it, and an unchanged one changes nothing."""
    return [release_import(release_read(folder), locate=locate) for folder in folders]
