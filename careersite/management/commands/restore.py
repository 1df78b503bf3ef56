from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careersite.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Check a backup folder's SHA-256 manifest, then restore its database and media into an empty "
        "database and media folder (--force replaces what is there)."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup folder")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database and media folder that are not empty",
        )

    def handle(self, *args, backup, force, **options):
        try:
            result = backup_restore(path=backup, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {backup} into {result.database} and {result.media_files} media file(s) "
            f"in {result.seconds:.1f} s. Run `manage.py migrate` if this code is newer than the backup."
        )
        if result.note:
            self.stdout.write(self.style.WARNING(result.note))
