"""Writes with rules: the programs CSV (import, export) and seeding."""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TextIO

from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from careersite import geo
from careersite.csvio import (
    CsvRow,
    ImportReport,
    InvalidRowsError,
    RowError,
    csv_rows_read,
    form_reasons,
)
from schools.forms import ProgramRowForm
from schools.models import EducationPathway, Institution, Program
from schools.pathways import DEFAULT_PATHWAYS
from schools.seed import (
    legacy_seed_fingerprints,
    program_reseed,
    program_seed_fingerprint,
    seed_old_names,
)
from schools.validators import FACT_FIELDS

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_CSV = DATA_DIR / "cahiim_programs.csv"

REQUIRED_COLUMNS = [
    "institution",
    "program_name",
    "level",
    "discipline",
    "city",
    "state",
    "delivery",
    "program_url",
    "source_url",
    "source_note",
]
OPTIONAL_COLUMNS = [
    "source_year",
    "next_review",
    "accreditation_status",
    "last_verified_on",
    "postal_code",
    "website",
    "active",
    *FACT_FIELDS,
]
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# progress(iterable, desc=..., total=...) -> iterable
Progress = Callable[..., Iterable]


def programs_read_csv(source: Path | str | bytes | IO) -> list[CsvRow]:
    """Rows of a programs CSV with their starting line numbers (the header is line 1)."""
    return csv_rows_read(source, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)


def _validate(
    rows: Iterable[CsvRow],
) -> tuple[list[tuple[CsvRow, dict]], list[RowError]]:
    valid, errors, seen, places = [], [], {}, {}
    for row in rows:
        form = ProgramRowForm(row.values)
        reasons = [*row.problems, *form_reasons(form)]
        if form.is_valid():
            data = form.cleaned_data
            key = (
                data["institution"].casefold(),
                data["state"],
                data["program_name"].casefold(),
                data["level"],
            )
            if key in seen:
                reasons.append(
                    f"duplicates line {seen[key]} (same institution, program name and level)"
                )
            seen.setdefault(key, row.line)
            place = tuple(
                data[name]
                for name in ("city", "postal_code", "website")
                if name in row.values
            )
            first = places.setdefault(
                (
                    key[0],
                    key[1],
                    tuple(
                        n for n in ("city", "postal_code", "website") if n in row.values
                    ),
                ),
                (row.line, place),
            )
            if first[1] != place:
                reasons.append(
                    f"institution details (city, ZIP, website) differ from line {first[0]}"
                )
        if reasons:
            errors.append(RowError(row.line, reasons))
        else:
            valid.append((row, form.cleaned_data))
    return valid, errors


class _Slugs:
    """Unique slugs for new rows, checked against the table once rather than per row."""

    def __init__(self, model, max_length: int):
        self.model, self.max_length, self.taken = model, max_length, None

    def make(self, text: str) -> str:
        if self.taken is None:
            self.taken = set(self.model.objects.values_list("slug", flat=True))
        base = slugify(text)[: self.max_length - 6].strip("-") or "item"
        slug, n = base, 2
        while slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.taken.add(slug)
        return slug


def _assign(obj, values: dict) -> bool:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return bool(changed)


def _upsert_institution(
    data: dict, present: set[str], cache: dict, slugs: _Slugs, update: bool
) -> Institution:
    key = (data["institution"], data["state"])
    if key in cache:
        return cache[key]
    values = {
        name: data[name]
        for name in ("city", "postal_code", "website")
        if name in present
    }
    institution = Institution.objects.filter(
        name=data["institution"], state=data["state"]
    ).first()
    if institution is None:
        institution = Institution(
            name=data["institution"],
            state=data["state"],
            slug=slugs.make(f"{data['institution']} {data['state']}"),
            **values,
        )
        changed = True
    else:
        moved = any(
            getattr(institution, name) != value
            for name, value in values.items()
            if name != "website"
        )
        changed = update and _assign(institution, values)
        changed = changed or institution.latitude is None
        if update and moved:
            institution.latitude = None
    if changed:
        if institution.latitude is None:
            point = geo.locate(
                postal_code=institution.postal_code,
                city=institution.city,
                state=institution.state,
            )
            institution.latitude, institution.longitude = point or (None, None)
        institution.save()
    cache[key] = institution
    return institution


@dataclass
class ImportState:
    """What one import run remembers between rows: institutions already handled, slugs taken."""

    update_existing: bool = True
    seeding: bool = False
    legacy_fingerprints: frozenset[str] = frozenset()
    institutions: dict = field(default_factory=dict)
    institution_slugs: _Slugs = field(default_factory=lambda: _Slugs(Institution, 200))
    program_slugs: _Slugs = field(default_factory=lambda: _Slugs(Program, 220))


OPTIONAL_PROGRAM_FIELDS = {
    "source_year": "source_year",
    "next_review": "next_review",
    "accreditation_status": "status",
    "last_verified_on": "last_verified_on",
    "active": "is_active",
    **{name: name for name in FACT_FIELDS},
}


def import_program_row(
    program: Program, data: dict, present: set[str], state: ImportState
) -> str:
    """Apply one valid row to `program` (new or existing; saves its institution, not the program).

    Returns "created", "updated" or "unchanged" (or, when seeding, "kept": an editor changed the row).
    Optional columns absent from the file are left alone.
    """
    institution = _upsert_institution(
        data,
        present,
        state.institutions,
        state.institution_slugs,
        state.update_existing,
    )
    values = {
        "discipline": data["discipline"],
        "delivery": data["delivery"],
        "program_url": data["program_url"],
        "source_url": data["source_url"],
        "source_note": data["source_note"],
    }
    values |= {
        attr: data[column]
        for column, attr in OPTIONAL_PROGRAM_FIELDS.items()
        if column in present
    }
    if program.pk is None:
        program.institution = institution
        program.name, program.level = data["program_name"], data["level"]
        program.slug = state.program_slugs.make(
            f"{institution.name} {data['program_name']}"
        )
        _assign(program, values)
        if state.seeding:
            program.seed_fingerprint = program_seed_fingerprint(program)
        return "created"
    program.institution = institution  # the same row (matched on it), as just updated: the admin preview shows it
    if state.seeding:
        if program.name != data["program_name"]:
            values["name"] = data["program_name"]  # renamed in the seed list
        return program_reseed(program, values=values, legacy=state.legacy_fingerprints)
    if state.update_existing and _assign(program, values):
        return "updated"
    return "unchanged"


def _existing_program(data: dict, *, seeding: bool) -> Program | None:
    """The program a valid row updates: same institution, state, name and level; when seeding, also
    the program under a name the seed gave it before (schools.seed.SEED_RENAMES)."""
    key = {
        "institution": data["institution"],
        "state": data["state"],
        "level": data["level"],
    }
    names = [data["program_name"]]
    if seeding:
        names += seed_old_names(**key, name=data["program_name"])
    for name in names:
        program = Program.objects.filter(
            institution__name=key["institution"],
            institution__state=key["state"],
            name=name,
            level=key["level"],
        ).first()
        if program is not None:
            return program
    return None


@transaction.atomic
def programs_import_csv(
    *,
    rows: list[CsvRow],
    skip_invalid: bool = False,
    dry_run: bool = False,
    update_existing: bool = True,
    seeding: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate every row, then upsert programs on institution + program name + level.

    Raises InvalidRowsError, writing nothing, if any row is invalid (unless skip_invalid).
    With update_existing=False existing rows are left exactly as editors have them. With seeding=True
    (the seed list) institutions are left alone, and existing programs are updated only while their
    seeded columns are as the seed last wrote them (schools.seed).
    """
    track = progress or (lambda iterable, **kwargs: iterable)
    valid, errors = _validate(track(rows, desc="Checking", total=len(rows)))
    if errors and not skip_invalid:
        raise InvalidRowsError(errors)
    report = ImportReport(errors=errors, dry_run=dry_run)
    state = ImportState(
        update_existing=update_existing and not seeding,
        seeding=seeding,
        legacy_fingerprints=legacy_seed_fingerprints() if seeding else frozenset(),
    )
    for row, data in track(valid, desc="Importing", total=len(valid)):
        program = _existing_program(data, seeding=seeding) or Program()
        outcome = import_program_row(program, data, set(row.values), state)
        if outcome in ("created", "updated"):
            program.save()
        report.add(outcome, line=row.line, obj=program)
    if dry_run:
        transaction.set_rollback(True)
    return report


def program_csv_row(program: Program) -> dict[str, str]:
    institution = program.institution
    return {
        "institution": institution.name,
        "program_name": program.name,
        "level": program.level,
        "discipline": program.discipline,
        "city": institution.city,
        "state": institution.state,
        "delivery": program.delivery,
        "program_url": program.program_url,
        "source_url": program.source_url,
        "source_note": program.source_note,
        "accreditation_status": program.status,
        "last_verified_on": program.last_verified_on.isoformat()
        if program.last_verified_on
        else "",
        "postal_code": institution.postal_code,
        "website": institution.website,
        "active": "true" if program.is_active else "false",
        "source_year": _csv_text(program.source_year),
        "next_review": program.next_review,
    } | {name: _csv_text(getattr(program, name)) for name in FACT_FIELDS}


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def programs_export_csv(
    *, out: TextIO, programs: QuerySet[Program] | None = None
) -> int:
    """Write programs (all of them unless a queryset says otherwise) in the import format; returns the row count."""
    if programs is None:
        programs = Program.objects.all()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for program in (
        programs.select_related("institution")
        .order_by("institution__state", "institution_name", "level", "name", "pk")
        .iterator(chunk_size=2000)
    ):
        writer.writerow(program_csv_row(program))
        count += 1
    return count


@dataclass
class SeedReport:
    pathways_created: int
    programs: ImportReport

    def __str__(self):
        programs = self.programs
        return (
            f"{self.pathways_created} pathway(s) created; programs: {len(programs.created)} created, "
            f"{len(programs.updated)} updated from the seed list (no editor had changed them), "
            f"{len(programs.unchanged)} already up to date, {len(programs.kept)} left as editors have them"
        )


@transaction.atomic
def schools_seed(*, csv_path: Path = SEED_CSV) -> SeedReport:
    """Create the default pathways and the seed programs that do not exist yet, and bring seeded
    programs no editor has changed up to date with the seed list; an editor's changes are never overwritten."""
    created = 0
    for position, pathway in enumerate(DEFAULT_PATHWAYS):
        _, was_created = EducationPathway.objects.get_or_create(
            key=pathway["key"], defaults={**pathway, "position": position * 10}
        )
        created += was_created
    report = programs_import_csv(rows=programs_read_csv(csv_path), seeding=True)
    return SeedReport(created, report)
