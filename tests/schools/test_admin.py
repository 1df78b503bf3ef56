import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from schools.models import EducationPathway, Program
from schools.services import SEED_CSV, programs_import_csv, programs_read_csv
from tests.factories import make_institution, make_program

GOOD = (
    "institution,program_name,level,discipline,city,state,delivery,program_url,source_url,source_note\n"
    'Columbus State Community College,"Health Information Technology, AAS",associate,health_information_management,'
    "Columbus,OH,online,https://example.edu/hit,https://example.edu/accreditation,Catalog 2024\n"
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["", "?level__exact=associate", "?institution__state__exact=OH", "?delivery__exact=online", "?status__exact=withdrawn",
     "?last_verified_on__isnull=True", "?q=Columbus"],
)  # fmt: skip
def test_program_changelist_filters_and_search(admin_client, query):
    make_program(
        name="Columbus HIT", institution=make_institution(name="Columbus College")
    )
    response = admin_client.get(reverse("admin:schools_program_changelist") + query)
    assert response.status_code == 200


@pytest.mark.django_db
def test_mark_verified_today_action(admin_client):
    programs = [make_program(), make_program()]
    response = admin_client.post(
        reverse("admin:schools_program_changelist"),
        {"action": "mark_verified_today", "_selected_action": [p.pk for p in programs]},
    )
    assert response.status_code == 302
    assert set(Program.objects.values_list("last_verified_on", flat=True)) == {
        timezone.localdate()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("status", Program.Status.values)
def test_set_status_actions(admin_client, status):
    program = make_program()
    admin_client.post(
        reverse("admin:schools_program_changelist"),
        {"action": f"set_status_{status}", "_selected_action": [program.pk]},
    )
    program.refresh_from_db()
    assert program.status == status


@pytest.mark.django_db
def test_institution_page_has_program_inline(admin_client):
    program = make_program(name="Inline HIT")
    response = admin_client.get(
        reverse("admin:schools_institution_change", args=[program.institution_id])
    )
    assertContains(response, "Inline HIT")


@pytest.mark.django_db
def test_pathway_levels_are_checkboxes_saved_in_level_order(admin_client):
    response = admin_client.get(reverse("admin:schools_educationpathway_add"))
    assertContains(response, 'type="checkbox" name="levels" value="baccalaureate"')
    response = admin_client.post(
        reverse("admin:schools_educationpathway_add"),
        {
            "key": "career_change",
            "label": "Career change",
            "levels": ["masters", "associate"],
            "guidance": "Start with an associate degree.",
            "position": 70,
        },
    )
    assert response.status_code == 302
    assert EducationPathway.objects.get(key="career_change").levels == [
        "associate",
        "masters",
    ]


def _hidden_inputs(html: str) -> dict:
    return dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    )


def _import_preview(admin_client, content: bytes):
    url = reverse("admin:schools_program_import")
    upload = SimpleUploadedFile("programs.csv", content, content_type="text/csv")
    return admin_client.post(url, {"import_file": upload})


@pytest.mark.django_db
def test_admin_import_previews_then_confirms(admin_client):
    preview = _import_preview(admin_client, GOOD.encode())
    assert preview.status_code == 200
    assertContains(preview, "Columbus State Community College")
    assert Program.objects.count() == 0  # the preview wrote nothing
    confirm = _hidden_inputs(preview.content.decode())
    assert "import_file_name" in confirm
    response = admin_client.post(
        reverse("admin:schools_program_process_import"), confirm
    )
    assert response.status_code == 302
    program = Program.objects.select_related("institution").get()
    assert (program.name, program.institution.state, program.delivery) == (
        "Health Information Technology, AAS",
        "OH",
        "online",
    )
    assert program.institution.latitude is not None


@pytest.mark.django_db
def test_admin_import_shows_the_same_validation_errors_and_imports_nothing(
    admin_client,
):
    bad = (
        GOOD + GOOD.splitlines()[1].replace(",OH,", ",ZZ,").replace("AAS", "AS") + "\n"
    )
    preview = _admin_preview_text(admin_client, bad)
    assert "is not a US state or territory code" in preview
    # no confirm button with errors
    assert "import_file_name" not in _hidden_inputs(preview)
    assert Program.objects.count() == 0


def _admin_preview_text(admin_client, text: str) -> str:
    return _import_preview(admin_client, text.encode()).content.decode()


@pytest.mark.django_db
def test_admin_import_updates_in_place(admin_client):
    programs_import_csv(rows=programs_read_csv(GOOD.encode()))
    program = Program.objects.get()
    preview = _import_preview(
        admin_client, GOOD.replace(",online,", ",hybrid,").encode()
    )
    admin_client.post(
        reverse("admin:schools_program_process_import"),
        _hidden_inputs(preview.content.decode()),
    )
    again = Program.objects.get()
    assert (again.pk, again.slug, again.delivery) == (
        program.pk,
        program.slug,
        "hybrid",
    )


@pytest.mark.django_db
def test_admin_export_writes_the_import_format(admin_client):
    programs_import_csv(rows=programs_read_csv(SEED_CSV))
    Program.objects.filter(name__contains="Informatics, MS").update(
        last_verified_on=date(2025, 2, 3)
    )
    url = reverse("admin:schools_program_export")
    form = admin_client.get(url).content.decode()
    fields = dict.fromkeys(
        re.findall(r'type="checkbox" name="(programresource_[^"]+)"', form), "on"
    )
    response = admin_client.post(url, {"format": "0", **fields})
    assert response.status_code == 200
    body = b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).decode("utf-8-sig")
    import io

    from schools.services import programs_export_csv

    out = io.StringIO()
    programs_export_csv(out=out)
    assert body.splitlines()[0] == out.getvalue().splitlines()[0]
    assert sorted(body.splitlines()[1:]) == sorted(out.getvalue().splitlines()[1:])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [(b"name,city\nx,y\n", "Wrong header"), ("institution,program_name\nCaf\u00e9".encode("latin-1"), "The file is not UTF-8 text")],
)  # fmt: skip
def test_admin_import_of_a_bad_file_is_refused_without_a_500(
    admin_client, content, message
):
    response = _import_preview(admin_client, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Traceback" not in html
    assert "Nothing was imported" in html
    assert "import_file_name" not in _hidden_inputs(html)
    assert Program.objects.count() == 0


@pytest.mark.django_db
def test_admin_export_reimports_through_the_admin_as_unchanged(admin_client):
    programs_import_csv(rows=programs_read_csv(SEED_CSV))
    url = reverse("admin:schools_program_export")
    form = admin_client.get(url).content.decode()
    fields = dict.fromkeys(
        re.findall(r'type="checkbox" name="(programresource_[^"]+)"', form), "on"
    )
    response = admin_client.post(url, {"format": "0", **fields})
    body = b"".join(
        response.streaming_content if response.streaming else [response.content]
    )
    count = Program.objects.count()
    preview = _import_preview(admin_client, body)
    assertContains(preview, '<tr class="skip">', count=count)
    confirm = admin_client.post(
        reverse("admin:schools_program_process_import"),
        _hidden_inputs(preview.content.decode()),
        follow=True,
    )
    assertContains(
        confirm, f"Imported programs: 0 created, 0 updated, {count} unchanged"
    )


@pytest.mark.django_db
def test_admin_import_preview_says_each_problem_once_naming_what_is_allowed(
    admin_client,
):
    line = GOOD.splitlines()[1]
    bad = (
        GOOD
        + line.replace("https://example.edu/hit", "not a url").replace("AAS", "AS")
        + "\n"
        + line.replace(",associate,", ",bachelors,").replace("AAS", "BS")
        + "\n"
    )
    preview = _admin_preview_text(admin_client, bad)
    assert preview.count("Enter a valid URL.") == 1
    assert (
        "“bachelors” is not one of the allowed values: associate, baccalaureate, masters."
        in preview
    )
