from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.careers.oews import DATA_DIR, release_read, rows_in
from articles.careers.pay_import import area_locate, release_import
from careersite.csvio import CsvFormatError, InvalidRowsError


class Command(BaseCommand):
    help = (
        "Import a BLS OEWS release folder (areas, industries, footnotes CSVs and the provenance JSON; see "
        "articles/careers/data/oews_may2025/README.md). Every row is checked first: nothing is written if "
        "any row fails. Running it again changes nothing; a new release is imported beside the old ones."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            type=Path,
            nargs="?",
            default=DATA_DIR,
            help=f"Release folder (default: the shipped {DATA_DIR.name})",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar"
        )

    def handle(self, *args, folder: Path, no_progress: bool, **options):
        try:
            parsed = release_read(folder)
        except CsvFormatError as error:
            raise CommandError(str(error)) from error
        except InvalidRowsError as error:
            raise CommandError(
                f"{folder}: nothing imported.\n" + "\n".join(map(str, error.errors))
            ) from error
        with tqdm(
            total=rows_in(parsed),
            unit="rows",
            disable=no_progress,
            file=self.stderr._out,
        ) as bar:
            report = release_import(parsed, locate=area_locate, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"OEWS {report}"))
