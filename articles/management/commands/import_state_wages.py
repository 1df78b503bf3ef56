from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.careers.wages import StateWageImportError, state_wages_import_csv


class Command(BaseCommand):
    help = (
        "Import a state wage table (state_code,state_name,employment,annual_mean_wage,reference_period,source_url"
        "[,occupation_code]). All rows are validated first; nothing is written if any row fails."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="CSV file in the oews_29-2072_by_state.csv format"
        )

    def handle(self, *args, file: Path, **options):
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                report = state_wages_import_csv(handle=handle)
        except FileNotFoundError as error:
            raise CommandError(f"{file}: no such file") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file}: not UTF-8 text") from error
        except StateWageImportError as error:
            raise CommandError(
                f"{file}: nothing imported.\n" + "\n".join(error.errors)
            ) from error
        self.stdout.write(self.style.SUCCESS(f"State wages: {report}"))
