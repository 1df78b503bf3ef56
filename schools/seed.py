"""How the seed list knows a seeded program is still as it wrote it, so it may update it.

The seed list (schools/data/cahiim_programs.csv) writes SEEDED_FIELDS. When it creates or updates
a program it stores a fingerprint (SHA-256) of the program's natural key and those fields in
Program.seed_fingerprint. On the next seed, a program whose fields still hash to that fingerprint
has not been changed by an editor, and takes the new seed values; a program whose fields differ is
the editor's, and the seed leaves it as it is. Programs seeded before fingerprints were stored
(the 39-row list) are recognised by the fingerprints of that list's rows, as it wrote them, in
schools/data/seed_fingerprints.txt.

A program's name is part of its natural key, so a seed row that renames a program names its old
name in SEED_RENAMES: the seed renames the program (same row, same address) while no editor has
changed it, rather than adding a second program beside it.
"""

import hashlib
import json
from pathlib import Path

from schools.models import Program

LEGACY_SEED_FINGERPRINTS = (
    Path(__file__).resolve().parent / "data" / "seed_fingerprints.txt"
)
# (institution, state, level, old program name, new program name): seed rows renamed since the
# name was first seeded.
SEED_RENAMES = [
    ("Indiana University Indianapolis", "IN", "masters",
     "Health Informatics, MS (per source: 'Indiana University')",
     "Health informatics program (master's level)"),
]  # fmt: skip
SEEDED_FIELDS = [
    "discipline",
    "delivery",
    "program_url",
    "source_url",
    "source_note",
    "status",
    "source_year",
    "next_review",
]


def seed_old_names(*, institution: str, state: str, level: str, name: str) -> list[str]:
    """The names the seed gave this row's program before, newest first (see SEED_RENAMES)."""
    olds, wanted = [], name
    for row in reversed(SEED_RENAMES):
        if row[:3] == (institution, state, level) and row[4] == wanted:
            olds.append(row[3])
            wanted = row[3]
    return olds


def program_seed_fingerprint(program: Program) -> str:
    """Hash of the program's natural key and SEEDED_FIELDS; expects program.institution loaded."""
    institution = program.institution
    values = [institution.name, institution.state, program.name, program.level]
    values += [getattr(program, name) for name in SEEDED_FIELDS]
    text = json.dumps(values, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def legacy_seed_fingerprints(path: Path = LEGACY_SEED_FINGERPRINTS) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return frozenset(
        line.strip() for line in lines if line.strip() and not line.startswith("#")
    )


def program_as_seeded(program: Program, *, legacy: frozenset[str]) -> bool:
    """True while no editor has changed the seeded fields of `program`."""
    known = {program.seed_fingerprint} if program.seed_fingerprint else legacy
    return program_seed_fingerprint(program) in known


def program_reseed(program: Program, *, values: dict, legacy: frozenset[str]) -> str:
    """Bring an existing seeded program up to date with the seed row's `values` (not saved).

    A "name" in `values` renames it (see SEED_RENAMES). Returns "kept" (an editor changed it: nothing
    is touched), "updated" or "unchanged".
    """
    if not program_as_seeded(program, legacy=legacy):
        return "kept"
    before = [getattr(program, name) for name in [*values, "seed_fingerprint"]]
    for name, value in values.items():
        setattr(program, name, value)
    program.seed_fingerprint = program_seed_fingerprint(program)
    after = [getattr(program, name) for name in [*values, "seed_fingerprint"]]
    return "updated" if after != before else "unchanged"
