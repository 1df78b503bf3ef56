"""django-import-export's preview-and-confirm screens in front of our import services.

The preview is the service's dry run and Confirm its real import of the same stored file, so the rules, the line
numbers and all-or-nothing are the service's. A subclass of ServiceResource names the file's columns and the two
service functions; CsvImportMixin goes on the ModelAdmin.
"""

import io
from collections.abc import Sequence

import tablib
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export import fields, resources
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV
from import_export.results import Error, Result, RowResult

from careersite.csvio import (
    CsvFormatError,
    CsvRow,
    ImportReport,
    InvalidRowsError,
    not_utf8_message,
)

FILE = "file"


class CsvUpload(CSV):
    """import-export's CSV format, but the text is kept whole for the service's reader (careersite.csvio)."""

    def create_dataset(self, in_stream):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        return tablib.Dataset([in_stream], headers=[FILE])


class ServiceResult(Result):
    """import-export's Result, carrying the service's own report."""

    report: ImportReport | None = None


class ServiceResource(resources.ModelResource):
    """A resource whose import is a service's: subclasses name the columns, `read_csv` and `import_csv`."""

    columns: Sequence[str] = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields = {name: fields.Field(column_name=name) for name in self.columns}

    def read_csv(self, source) -> list[CsvRow]:
        raise NotImplementedError

    def import_csv(self, *, rows: list[CsvRow], dry_run: bool) -> ImportReport:
        raise NotImplementedError

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """The service's dry run (the preview) or its import (Confirm) of the uploaded file, as a Result.

        The service reports bad files and rows itself, so nothing is left for `raise_errors` to raise.
        """
        result = ServiceResult()
        try:
            rows = self.read_csv(io.StringIO(dataset[FILE][0]))
            result.report = self.import_csv(rows=rows, dry_run=dry_run)
        except CsvFormatError as error:
            result.append_base_error(Error(error))
            return result
        except InvalidRowsError as error:
            result.report = ImportReport(errors=error.errors, dry_run=dry_run)
        values = {row.line: {"line": row.line, **row.values} for row in rows}
        result.diff_headers = list(
            dict.fromkeys(n for row in values.values() for n in row)
        )
        result.total_rows = len(rows)
        for error in result.report.errors:
            invalid = ValidationError(error.reasons)
            result.append_invalid_row(error.line, values[error.line], invalid)
        report = result.report
        outcomes = [
            *((RowResult.IMPORT_TYPE_NEW, done) for done in report.created),
            *((RowResult.IMPORT_TYPE_UPDATE, done) for done in report.updated),
            *((RowResult.IMPORT_TYPE_SKIP, done) for done in report.unchanged),
        ]
        for import_type, done in sorted(outcomes, key=lambda outcome: outcome[1].line):
            row_result = RowResult()
            row_result.import_type = import_type
            row_result.instance = done.obj
            row_result.add_instance_info(done.obj)
            row_result.diff = [
                values[done.line].get(n, "") for n in result.diff_headers
            ]
            result.append_row_result(row_result)
            result.increment_row_result_total(row_result)
        return result


class CsvImportMixin(ImportMixin):
    """The import screens for a ModelAdmin whose resource is a ServiceResource."""

    import_template_name = "admin/csv_import.html"
    import_formats = [CsvUpload]
    import_title = ""
    import_help = ""

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_context_data(self, **kwargs):
        return {
            "import_title": self.import_title,
            "import_help": self.import_help,
            **kwargs,
        }

    def add_data_read_fail_error_to_form(self, form, e):
        super().add_data_read_fail_error_to_form(form, e)
        if isinstance(e, UnicodeDecodeError):
            form.add_error("import_file", not_utf8_message(e))

    def add_success_message(self, result, request):
        messages.success(
            request, f"Imported {self.model._meta.verbose_name_plural}: {result.report}"
        )

    def process_result(self, result, request):
        # Confirm imports the stored file again; if it no longer passes (the rules read today's date), say so.
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        problems = [str(error.error) for error in result.base_errors]
        problems += (
            [str(error) for error in result.report.errors] if result.report else []
        )
        messages.error(request, "Nothing was imported: " + "; ".join(problems))
        app_label, model_name = self.get_model_info()
        url = reverse(
            f"admin:{app_label}_{model_name}_import", current_app=self.admin_site.name
        )
        return HttpResponseRedirect(url)
