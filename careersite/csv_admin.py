"""The admin's preview-and-confirm screens in front of an import service.

The preview is the service's dry run of the uploaded file, and Confirm its real import of the same stored file, so
the rules, the line numbers and all-or-nothing are the service's. A ModelAdmin takes CsvImportMixin and names the
file's columns and the two service functions (`csv_read`, `csv_import`).
"""

import re
import secrets
import tempfile
from collections.abc import Sequence
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from careersite.csvio import CsvFormatError, CsvRow, ImportReport, InvalidRowsError

# Each row's outcome in the preview: the report's name for it -> the row's class and its label.
OUTCOMES = {
    "created": ("new", "New"),
    "updated": ("update", "Update"),
    "unchanged": ("skip", "Skipped"),
    "kept": ("kept", "Kept"),
}
# Previewed files wait in the temporary folder until Confirm, under a name nobody can guess or choose.
STORED_NAME = re.compile(r"careersite-import-[0-9a-f]{32}\.csv")


class CsvUploadForm(forms.Form):
    import_file = forms.FileField(
        label="File to import",
        help_text="A CSV file saved as UTF-8, with the columns above in its first line.",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )


def _stored_path(name: str) -> Path | None:
    if not STORED_NAME.fullmatch(name):
        return None
    return Path(tempfile.gettempdir()) / name


def _store(data: bytes) -> str:
    name = f"careersite-import-{secrets.token_hex(16)}.csv"
    _stored_path(name).write_bytes(data)
    return name


def _preview_rows(rows: list[CsvRow], report: ImportReport) -> tuple[list, list]:
    """The preview table: the columns (the line first), then each row's outcome and cells, in file order."""
    values = {row.line: {"line": row.line, **row.values} for row in rows}
    headers = list(dict.fromkeys(name for row in values.values() for name in row))
    done = sorted(
        (imported.line, outcome)
        for outcome in OUTCOMES
        for imported in getattr(report, outcome)
    )
    table = [
        (*OUTCOMES[outcome], [values[line].get(name, "") for name in headers])
        for line, outcome in done
    ]
    return headers, table


class CsvImportMixin:
    """An "Import" page for a ModelAdmin: upload, a preview of every row (nothing written), Confirm."""

    change_list_template = "admin/csv_import_change_list.html"
    import_template_name = "admin/csv_import.html"
    import_title = ""
    import_help = ""
    csv_columns: Sequence[str] = ()

    def csv_read(self, source) -> list[CsvRow]:
        raise NotImplementedError

    def csv_import(self, *, rows: list[CsvRow], dry_run: bool) -> ImportReport:
        raise NotImplementedError

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{prefix}_import",
            ),
            path(
                "process_import/",
                self.admin_site.admin_view(require_POST(self.process_import_view)),
                name=f"{prefix}_process_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "has_import_permission": self.has_import_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """The upload form, and after an upload the service's dry run: every row's outcome, or every problem."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = CsvUploadForm(request.POST, request.FILES) if posted else CsvUploadForm()
        context = {}
        if posted and form.is_valid():
            data = form.cleaned_data["import_file"].read()
            try:
                rows = self.csv_read(data)
                report = self.csv_import(rows=rows, dry_run=True)
            except CsvFormatError as error:
                context["problems"] = [str(error)]
            except InvalidRowsError as error:
                context["problems"] = [str(row_error) for row_error in error.errors]
            else:
                context["headers"], context["preview"] = _preview_rows(rows, report)
                context["file_name"] = _store(data)
        return TemplateResponse(
            request,
            self.import_template_name,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": self.import_title or f"Import {self.opts.verbose_name_plural}",
                "import_help": self.import_help,
                "columns": self.csv_columns,
                "form": form,
                **context,
            },
        )

    def process_import_view(self, request):
        """Confirm: the service's real import of the previewed file, all or nothing."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        stored = _stored_path(request.POST.get("import_file_name", ""))
        try:
            if stored is None or not stored.is_file():
                raise CsvFormatError(
                    "the previewed file is no longer here; upload it again"
                )
            report = self.csv_import(rows=self.csv_read(stored), dry_run=False)
        except CsvFormatError as error:
            problems = [str(error)]
        except InvalidRowsError as error:
            # The rules read today's date and the database, so a file can pass its preview and fail later.
            problems = [str(row_error) for row_error in error.errors]
        else:
            self._log_import(request, report)
            messages.success(
                request, f"Imported {self.opts.verbose_name_plural}: {report}"
            )
            return HttpResponseRedirect(self._admin_url("changelist"))
        finally:
            if stored is not None:
                stored.unlink(missing_ok=True)
        messages.error(request, "Nothing was imported: " + "; ".join(problems))
        return HttpResponseRedirect(self._admin_url("import"))

    def _admin_url(self, name: str) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            current_app=self.admin_site.name,
        )

    def _log_import(self, request, report: ImportReport) -> None:
        """One history entry per created or changed object, as an edit in the admin leaves."""
        for flag, imported in ((ADDITION, report.created), (CHANGE, report.updated)):
            if imported:
                LogEntry.objects.log_actions(
                    request.user.pk,
                    [row.obj for row in imported],
                    flag,
                    change_message="Imported from a CSV file",
                    single_object=len(imported) == 1,
                )
