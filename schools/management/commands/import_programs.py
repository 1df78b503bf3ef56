from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from careersite.csvio import CsvFormatError, InvalidRowsError
from schools.services import programs_import_csv, programs_read_csv


class Command(BaseCommand):
    help = (
        "Import programs from a CSV file (the export format; see schools/data/cahiim_programs.csv). "
        "Every row is checked first; nothing is imported if any row is invalid unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a UTF-8 CSV file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report, but change nothing",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and list the invalid ones",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar"
        )

    def handle(self, *args, **options):
        def progress(iterable, desc, total):
            return tqdm(
                iterable,
                desc=desc,
                total=total,
                unit="row",
                file=self.stderr,
                disable=options["no_progress"],
                mininterval=0.5,
            )

        try:
            rows = programs_read_csv(options["file"])
            report = programs_import_csv(
                rows=rows,
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
                progress=progress,
            )
        except CsvFormatError as exc:
            raise CommandError(str(exc)) from exc
        except InvalidRowsError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(exc.errors)} invalid row(s) out of {len(rows)}; nothing was imported. Fix them, or use --skip-invalid."
            ) from exc
        for error in report.errors:
            self.stderr.write(f"skipped {error}")
        prefix = "Dry run, nothing changed: " if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{report}"))
