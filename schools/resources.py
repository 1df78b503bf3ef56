"""django-import-export resource for the admin: the same CSV columns and the same rules as import_programs."""

from django.core.exceptions import ValidationError
from import_export import fields, resources

from schools.models import Program
from schools.services import (
    COLUMNS,
    CsvRow,
    ImportState,
    _validate,
    import_program_row,
    program_csv_row,
)


class CsvColumn(fields.Field):
    """One column of the programs CSV, read from a program exactly as export_programs writes it."""

    def export(self, instance, **kwargs):
        if instance is None or not getattr(instance, "institution_id", None):
            return ""
        return program_csv_row(instance)[self.column_name]


class ProgramResource(resources.ModelResource):
    class Meta:
        model = Program
        fields = ()
        import_id_fields = ()
        clean_model_instances = False
        skip_unchanged = True
        report_skipped = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields = {
            column: CsvColumn(attribute=None, column_name=column) for column in COLUMNS
        }
        self._checked: dict[int, tuple[dict | None, list[str]]] = {}

    def get_export_order(self):
        return COLUMNS

    def get_import_fields(self):
        return list(self.fields.values())

    def get_export_fields(self, selected_fields=None):
        return list(self.fields.values())

    def export_field(self, field, instance, **kwargs):
        return field.export(instance)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("institution")

    def before_import(self, dataset, **kwargs):
        """Check the whole file first, so duplicates and conflicting rows are caught as import_programs does."""
        headers = [h.strip() for h in (dataset.headers or [])]
        missing = [c for c in COLUMNS[:10] if c not in headers]
        unknown = [h for h in headers if h not in COLUMNS]
        if missing or unknown:
            raise ValidationError(
                f"Wrong header. Missing: {', '.join(missing) or 'none'}; unknown: {', '.join(unknown) or 'none'}."
            )
        rows = [
            CsvRow(
                i + 2,
                {
                    h: ("" if v is None else str(v))
                    for h, v in zip(headers, values, strict=False)
                },
            )
            for i, values in enumerate(dataset)
        ]
        valid, errors = _validate(rows)
        self._checked = {row.line: (data, []) for row, data in valid}
        self._checked.update({error.line: (None, error.reasons) for error in errors})
        self._present = set(headers)
        self._state = ImportState()

    def _row_line(self, kwargs) -> int:
        return (
            kwargs.get("row_number", 0) + 1
        )  # import-export counts data rows from 1; line 1 is the header

    def before_import_row(self, row, **kwargs):
        data, reasons = self._checked.get(
            self._row_line(kwargs), (None, ["could not be read"])
        )
        if reasons:
            raise ValidationError({"__all__": reasons})

    def get_instance(self, instance_loader, row):
        return None  # matched on the natural key in import_instance

    def get_or_init_instance(self, instance_loader, row):
        data, _ = self._checked[self._current_line]
        program = (
            Program.objects.select_related("institution")
            .filter(
                institution__name=data["institution"],
                institution__state=data["state"],
                name=data["program_name"],
                level=data["level"],
            )
            .first()
        )
        return (program, False) if program else (Program(), True)

    def import_row(self, row, instance_loader, **kwargs):
        self._current_line = self._row_line(kwargs)
        return super().import_row(row, instance_loader, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped: compared column by column, as the CSV shows them."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        return all(
            field.export(instance) == field.export(original)
            for field in self.fields.values()
        )

    def import_instance(self, instance, row, **kwargs):
        data, _ = self._checked[self._current_line]
        import_program_row(instance, data, self._present, self._state)
