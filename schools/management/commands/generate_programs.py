import time

from django.core.management.base import BaseCommand, CommandError

from schools.services import programs_delete_synthetic, programs_generate


class Command(BaseCommand):
    help = "Create N synthetic programs for benchmarks. They are marked synthetic and never shown publicly."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument(
            "--seed", type=int, default=0, help="Random seed, for repeatable data"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete existing synthetic programs first",
        )

    def handle(self, *args, **options):
        if options["count"] < 0:
            raise CommandError("N must be zero or more.")
        started = time.perf_counter()
        if options["replace"]:
            self.stdout.write(
                f"Deleted {programs_delete_synthetic()} synthetic program(s)"
            )
        made = programs_generate(count=options["count"], seed=options["seed"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {made} synthetic program(s) in {time.perf_counter() - started:.1f} s"
            )
        )
