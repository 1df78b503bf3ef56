"""The programs CSV in the admin: import through the import service, export in the export_programs format."""

from careersite.csv_admin import ServiceResource
from schools.services import (
    COLUMNS,
    program_csv_row,
    programs_import_csv,
    programs_read_csv,
)


class ProgramResource(ServiceResource):
    columns = COLUMNS

    def read_csv(self, source):
        return programs_read_csv(source)

    def import_csv(self, *, rows, dry_run):
        return programs_import_csv(rows=rows, dry_run=dry_run)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("institution")

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = program_csv_row(instance)
        return [
            row[field.column_name] for field in self.get_export_fields(selected_fields)
        ]
