from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from careersite.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and uploaded media into a new timestamped folder with a SHA-256 manifest, "
        "then delete all but the newest --keep backups there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            dest="directory",
            type=Path,
            default=settings.BACKUP_DIR,
            help="folder that holds the backups (default: DJANGO_BACKUP_DIR, else $DJANGO_DATA_DIR/backups)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=settings.BACKUP_KEEP,
            help="how many backups to keep, newest first; 0 keeps all (default: DJANGO_BACKUP_KEEP, else 14)",
        )

    def handle(self, *args, directory, keep, **options):
        try:
            result = backup_create(directory=directory, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up to {result.path} ({result.files} files, {result.size / 1e6:.1f} MB) "
            f"in {result.seconds:.1f} s."
        )
        for path in result.removed:
            self.stdout.write(f"Removed the older backup {path.name}.")
