from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.careers.wages import state_wages_import_csv, state_wages_read_csv
from careersite.csvio import CsvFormatError, InvalidRowsError


class Command(BaseCommand):
    help = (
        "Import a state wage table (state_code,state_name,employment,annual_mean_wage,reference_period,source_url"
        "[,occupation_code]). All rows are validated first; nothing is written if any row fails."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="CSV file in the oews_29-2072_by_state.csv format"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report, but change nothing",
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            report = state_wages_import_csv(
                rows=state_wages_read_csv(file), dry_run=dry_run
            )
        except CsvFormatError as error:
            raise CommandError(f"{file}: {error}") from error
        except InvalidRowsError as error:
            raise CommandError(
                f"{file}: nothing imported.\n" + "\n".join(map(str, error.errors))
            ) from error
        prefix = "Dry run, nothing changed: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}State wages: {report}"))
