"""The admin's preview-and-confirm import screens (careersite.csv_admin), as both imports use them."""

import re
import tempfile
from pathlib import Path

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import StateWage
from schools.models import Program
from tests.schools.test_admin import GOOD

WAGES = (
    "state_code,state_name,employment,annual_mean_wage,reference_period,source_url\n"
    "NJ,New Jersey,,50000,May 2024,https://example.org/a\n"
)
SCREENS = [
    ("schools", "program", GOOD, Program),
    ("articles", "statewage", WAGES, StateWage),
]

pytestmark = pytest.mark.django_db


def preview(client, app, model, content: str | bytes):
    data = content.encode() if isinstance(content, str) else content
    upload = SimpleUploadedFile("file.csv", data, content_type="text/csv")
    return client.post(reverse(f"admin:{app}_{model}_import"), {"import_file": upload})


def hidden_inputs(response) -> dict:
    html = response.content.decode()
    return dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    )


@pytest.mark.parametrize(("app", "model", "content", "model_class"), SCREENS)
def test_preview_lists_each_row_by_line_then_confirm_imports_and_logs(
    admin_client, app, model, content, model_class
):
    response = preview(admin_client, app, model, content)
    assertContains(response, "Confirm import")
    assertContains(response, '<td class="import-type">', count=1)
    assertContains(response, "<th>line</th>")
    assertContains(response, "<td>2</td>")
    assert model_class.objects.count() == 0
    confirm = admin_client.post(
        reverse(f"admin:{app}_{model}_process_import"),
        hidden_inputs(response),
        follow=True,
    )
    assertContains(confirm, f"Imported {model_class._meta.verbose_name_plural}: 1")
    obj = model_class.objects.get()
    assert LogEntry.objects.get(object_id=str(obj.pk)).action_flag == ADDITION


@pytest.mark.parametrize(("app", "model", "content", "model_class"), SCREENS)
def test_unchanged_rows_are_previewed_as_skipped(
    admin_client, app, model, content, model_class
):
    confirm = hidden_inputs(preview(admin_client, app, model, content))
    admin_client.post(reverse(f"admin:{app}_{model}_process_import"), confirm)
    response = preview(admin_client, app, model, content)
    assertContains(response, '<tr class="skip">')
    assertContains(response, "Skipped")


@pytest.mark.parametrize(
    ("app", "model", "content", "message"),
    [
        ("schools", "program", b"institution,colour\n", "unknown column(s): colour"),
        ("articles", "statewage", b"state,wage\nOH,40000\n", "Wrong header on line 1: missing column(s): state_code"),
        ("articles", "statewage", WAGES.encode().split(b"\n")[0] + b"\n", "The file has no data rows."),
        ("articles", "statewage", "state_code\nCaf\u00e9".encode("latin-1"), "The file is not UTF-8 text"),
        ("schools", "program", "institution\nCaf\u00e9".encode("latin-1"), "The file is not UTF-8 text"),
    ],
)  # fmt: skip
def test_a_bad_file_shows_its_reason_and_no_confirm_button(
    admin_client, app, model, content, message
):
    response = preview(admin_client, app, model, content)
    assert response.status_code == 200
    assertContains(response, message)
    assertNotContains(response, "Traceback")
    assert "import_file_name" not in hidden_inputs(response)


def test_every_invalid_row_is_listed_by_its_line(admin_client):
    bad = (
        WAGES
        + "XX,Nowhere,,40000,May 2024,https://example.org/a\nOH,Ohio,,forty,May 2024,https://example.org/a\n"
    )
    response = preview(admin_client, "articles", "statewage", bad)
    assertContains(
        response,
        "<li>line 3: state_code: unknown state code &#x27;XX&#x27;</li>",
        html=True,
    )
    assertContains(response, "line 4: annual_mean_wage: Enter a whole number.")
    assert "import_file_name" not in hidden_inputs(response)


def test_confirm_imports_the_stored_file_and_refuses_it_if_it_went_bad(admin_client):
    response = preview(admin_client, "articles", "statewage", WAGES)
    confirm = hidden_inputs(response)
    # The previewed file waits in the temporary folder until Confirm.
    stored = Path(tempfile.gettempdir()) / confirm["import_file_name"]
    stored.write_text(WAGES.replace("NJ,", "XX,"), encoding="utf-8")
    response = admin_client.post(
        reverse("admin:articles_statewage_process_import"), confirm, follow=True
    )
    assertContains(
        response, "Nothing was imported: line 2: state_code: unknown state code"
    )
    assert StateWage.objects.count() == 0


@pytest.mark.parametrize(("app", "model", "content", "model_class"), SCREENS)
def test_importing_needs_the_add_and_change_permissions(
    client, app, model, content, model_class
):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename=f"change_{model}"))
    client.force_login(user)
    assert client.get(reverse(f"admin:{app}_{model}_import")).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename=f"add_{model}"))
    user = User.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(reverse(f"admin:{app}_{model}_import")).status_code == 200


def test_program_fact_columns_flow_through_preview_and_confirm(admin_client):
    header, line = GOOD.splitlines()
    facts = (
        "source_year,graduation_rate,graduation_rate_year,graduation_rate_source_url"
    )
    good = f"{header},{facts}\n{line},2024,85%,2024,https://example.edu/outcomes\n"
    response = preview(admin_client, "schools", "program", good)
    assertContains(response, "<th>graduation_rate</th>")
    assertContains(response, "<td>85%</td>")
    admin_client.post(
        reverse("admin:schools_program_process_import"), hidden_inputs(response)
    )
    program = Program.objects.get()
    assert (program.source_year, program.graduation_rate) == (2024, 85)
    bad = f"{header},{facts}\n{line},2024,85,,\n"
    response = preview(admin_client, "schools", "program", bad)
    assertContains(response, "line 2: graduation_rate_year:")
    assert "import_file_name" not in hidden_inputs(response)


def test_confirm_removes_the_stored_file_and_refuses_a_name_it_did_not_give(
    admin_client,
):
    confirm = hidden_inputs(preview(admin_client, "articles", "statewage", WAGES))
    stored = Path(tempfile.gettempdir()) / confirm["import_file_name"]
    url = reverse("admin:articles_statewage_process_import")
    admin_client.post(url, confirm)
    assert not stored.exists()
    assert StateWage.objects.count() == 1
    for name in (confirm["import_file_name"], "../../etc/passwd", ""):
        response = admin_client.post(
            url, {**confirm, "import_file_name": name}, follow=True
        )
        assertContains(
            response,
            "Nothing was imported: the previewed file is no longer here; upload it again",
        )
    assert StateWage.objects.count() == 1


def test_the_program_list_links_to_import_and_export(admin_client):
    response = admin_client.get(reverse("admin:schools_program_changelist"))
    assertContains(response, f'href="{reverse("admin:schools_program_import")}"')
    assertContains(response, f'href="{reverse("admin:schools_program_export")}')
    response = admin_client.get(reverse("admin:articles_statewage_changelist"))
    assertContains(response, f'href="{reverse("admin:articles_statewage_import")}"')


def test_confirm_needs_a_post_and_the_import_permissions(client):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_statewage"))
    client.force_login(user)
    url = reverse("admin:articles_statewage_process_import")
    assert client.post(url, {"import_file_name": "x"}).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="add_statewage"))
    client.force_login(User.objects.get(pk=user.pk))
    assert client.get(url).status_code == 405
