import io

import pytest
from django.core.management import call_command

from schools.models import EducationPathway, Institution, Program
from schools.services import schools_seed

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
    assert [p.key for p in EducationPathway.objects.all()] == list(
        SPEC
    )  # in the question's order
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
