"""The programs CSV on django-import-export's Export page, in the export_programs format (the import's format)."""

from import_export import fields, resources

from schools.services import COLUMNS, program_csv_row


class ProgramResource(resources.ModelResource):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields = {name: fields.Field(column_name=name) for name in COLUMNS}

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("institution")

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = program_csv_row(instance)
        return [
            row[field.column_name] for field in self.get_export_fields(selected_fields)
        ]
