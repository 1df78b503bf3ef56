import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from schools.models import EducationPathway, Institution, Program
from schools.pathways import DEFAULT_PATHWAYS
from schools.seed import legacy_seed_fingerprints, program_seed_fingerprint
from schools.services import programs_import_csv, programs_read_csv, schools_seed

SPEC = {  # the mapping in the issue: answer -> program levels, in order
    "no_diploma": ["associate"],
    "high_school": ["associate"],
    "some_college": ["associate", "baccalaureate"],
    "associate": ["baccalaureate"],
    "bachelor": ["masters"],
    "master": ["masters"],
}


@pytest.mark.django_db
def test_seed_creates_the_six_pathways_and_every_csv_program():
    report = schools_seed()
    assert report.pathways_created == 6
    assert {p.key: p.levels for p in EducationPathway.objects.all()} == SPEC
    # in the question's order
    assert [p.key for p in EducationPathway.objects.all()] == list(SPEC)
    assert all(p.guidance for p in EducationPathway.objects.all())
    assert (
        "diploma or an equivalent"
        in EducationPathway.objects.get(key="no_diploma").guidance
    )
    assert Program.objects.count() == 53
    assert Program.objects.public().count() == 53
    assert Institution.objects.filter(latitude__isnull=True).count() == 0


@pytest.mark.django_db
def test_seed_is_idempotent():
    schools_seed()
    counts = (
        EducationPathway.objects.count(),
        Institution.objects.count(),
        Program.objects.count(),
    )
    report = schools_seed()
    assert report.pathways_created == 0 and report.programs.created == []
    assert (
        EducationPathway.objects.count(),
        Institution.objects.count(),
        Program.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_seed_never_overwrites_an_editors_change():
    schools_seed()
    pathway = EducationPathway.objects.get(key="high_school")
    pathway.guidance, pathway.levels = (
        "Edited guidance.",
        ["associate", "baccalaureate"],
    )
    pathway.save()
    program = Program.objects.select_related("institution").get(
        institution__name="Kent State University"
    )
    program.delivery, program.status, program.source_note = (
        "hybrid",
        "probation",
        "Checked by an editor",
    )
    program.save()
    institution = program.institution
    institution.city = "Kent (main campus)"
    institution.save()
    schools_seed()
    pathway.refresh_from_db()
    program.refresh_from_db()
    institution.refresh_from_db()
    assert (pathway.guidance, pathway.levels) == (
        "Edited guidance.",
        ["associate", "baccalaureate"],
    )
    assert (program.delivery, program.status, program.source_note) == (
        "hybrid",
        "probation",
        "Checked by an editor",
    )
    assert institution.city == "Kent (main campus)"


@pytest.mark.django_db
def test_seed_content_command_loads_the_schools():
    out = io.StringIO()
    call_command("seed_content", stdout=out)
    assert "Schools: 6 pathway(s) created; programs: 53 created" in out.getvalue()


LEGACY_CSV = Path(__file__).parent / "data" / "cahiim_programs_39.csv"


def _seed_the_first_list():
    """A database seeded before programs stored fingerprints: the 39-row list, as that seed wrote it."""
    for pathway in DEFAULT_PATHWAYS:
        EducationPathway.objects.get_or_create(key=pathway["key"], defaults=pathway)
    programs_import_csv(rows=programs_read_csv(LEGACY_CSV), update_existing=False)
    Program.objects.update(seed_fingerprint="")


def test_the_legacy_fingerprints_are_those_of_the_first_list(db):
    _seed_the_first_list()
    fingerprints = {
        program_seed_fingerprint(p)
        for p in Program.objects.select_related("institution")
    }
    assert len(fingerprints) == 39
    assert fingerprints == legacy_seed_fingerprints()


@pytest.mark.django_db
def test_programs_seeded_before_unchanged_by_editors_gain_the_new_fields():
    _seed_the_first_list()
    report = schools_seed()
    assert (len(report.programs.created), len(report.programs.updated)) == (14, 39)
    assert report.programs.kept == []
    marshall = Program.objects.get(institution__name="Marshall University")
    assert (marshall.source_year, marshall.next_review) == (2013, "2023-2024")
    cincinnati = Program.objects.get(institution__name="University of Cincinnati")
    assert cincinnati.status == Program.Status.CANDIDACY
    assert Program.objects.filter(seed_fingerprint="").count() == 0
    # Nothing left to do the second time.
    again = schools_seed()
    assert (len(again.programs.updated), len(again.programs.unchanged)) == (0, 53)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fingerprinted", [False, True], ids=["first-list", "fingerprinted"]
)
@pytest.mark.parametrize(
    "edit",
    [{"source_note": "Checked by an editor"}, {"delivery": "hybrid"}, {"status": "probation"},
     {"source_url": "https://example.edu/newer"}, {"source_year": 2026}, {"next_review": "2030-2031"}],
)  # fmt: skip
def test_a_program_an_editor_changed_keeps_the_editors_values(fingerprinted, edit):
    if fingerprinted:
        schools_seed()
    else:
        _seed_the_first_list()
    program = Program.objects.get(institution__name="Marshall University")
    for name, value in edit.items():
        setattr(program, name, value)
    program.save()
    before = Program.objects.values().get(pk=program.pk)
    report = schools_seed()
    after = Program.objects.values().get(pk=program.pk)
    assert after == {**before, "updated_at": after["updated_at"]}
    assert any("Marshall University" in str(row) for row in report.programs.kept)
    assert "1 left as editors have them" in str(report)


@pytest.mark.django_db
def test_fields_the_seed_does_not_write_do_not_make_a_program_the_editors():
    _seed_the_first_list()
    Program.objects.filter(institution__name="Marshall University").update(
        last_verified_on=date(2026, 1, 5),
        graduation_rate=80,
        graduation_rate_year=2024,
        graduation_rate_source_url="https://example.edu/outcomes",
    )
    schools_seed()
    program = Program.objects.get(institution__name="Marshall University")
    assert (program.next_review, program.last_verified_on, program.graduation_rate) == (
        "2023-2024",
        date(2026, 1, 5),
        80,
    )


@pytest.mark.django_db
def test_the_seed_fills_no_program_facts():
    from schools.outcomes import program_facts

    schools_seed()
    assert not any(program_facts(p) for p in Program.objects.all())


RENAMED = ("Health Informatics, MS (per source: 'Indiana University')", "Health informatics program (master's level)")  # fmt: skip


def _seed_with_the_old_name():
    """A database seeded when the Indiana University row had its working-note name."""
    schools_seed()
    program = Program.objects.select_related("institution").get(name=RENAMED[1])
    program.name = RENAMED[0]
    program.seed_fingerprint = program_seed_fingerprint(program)
    program.save()
    return program


@pytest.mark.django_db
def test_the_seed_renames_a_program_no_editor_changed():
    old = _seed_with_the_old_name()
    report = schools_seed()
    program = Program.objects.get(pk=old.pk)
    assert (program.name, program.slug) == (RENAMED[1], old.slug)
    assert program.seed_fingerprint == program_seed_fingerprint(program)
    assert len(report.programs.updated) == 1 and report.programs.created == []
    assert not Program.objects.filter(name=RENAMED[0]).exists()
    assert Program.objects.count() == 53


@pytest.mark.django_db
def test_the_seed_leaves_a_renamed_program_an_editor_changed():
    old = _seed_with_the_old_name()
    Program.objects.filter(pk=old.pk).update(delivery="online")
    report = schools_seed()
    assert Program.objects.get(pk=old.pk).name == RENAMED[0]
    assert report.programs.created == [] and len(report.programs.kept) == 1
    assert Program.objects.count() == 53


def test_no_seed_row_names_a_program_after_a_working_note():
    import csv

    from schools.services import SEED_CSV

    with SEED_CSV.open(encoding="utf-8", newline="") as f:
        names = [row["program_name"] for row in csv.DictReader(f)]
    assert not [name for name in names if "per source" in name.lower()]
