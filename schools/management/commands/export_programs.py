from django.core.management.base import BaseCommand

from schools.services import programs_export_csv


class Command(BaseCommand):
    help = "Export programs as CSV in the import format (a lossless round trip with import_programs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="File to write (default: standard output)"
        )

    def handle(self, *args, **options):
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                count = programs_export_csv(out=out)
            self.stderr.write(f"Wrote {count} program(s) to {options['output']}")
        else:
            programs_export_csv(out=self.stdout)
