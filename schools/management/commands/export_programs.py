from django.core.management.base import BaseCommand

from schools.models import Program
from schools.services import programs_export_csv


class Command(BaseCommand):
    help = "Export programs as CSV in the import format (a lossless round trip with import_programs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="File to write (default: standard output)"
        )
        parser.add_argument(
            "--include-synthetic",
            action="store_true",
            help="Also export generated benchmark programs",
        )

    def handle(self, *args, **options):
        programs = (
            Program.objects.all()
            if options["include_synthetic"]
            else Program.objects.filter(is_synthetic=False)
        )
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as out:
                count = programs_export_csv(out=out, programs=programs)
            self.stderr.write(f"Wrote {count} program(s) to {options['output']}")
        else:
            programs_export_csv(out=self.stdout, programs=programs)
