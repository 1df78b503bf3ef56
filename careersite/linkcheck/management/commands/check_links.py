from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from careersite.linkcheck import services


class Command(BaseCommand):
    help = (
        "Check every article source, career-fact source and program address, and store each "
        "one's status for the Content health screen. Run it daily (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout",
            type=float,
            default=services.DEFAULT_TIMEOUT,
            help="Seconds to wait for a server (default %(default)s).",
        )
        parser.add_argument(
            "--rate",
            type=float,
            default=services.DEFAULT_RATE,
            help="Most requests per second overall (default %(default)s).",
        )
        parser.add_argument(
            "--host-delay",
            type=float,
            default=services.DEFAULT_HOST_DELAY,
            help="Seconds between two requests to the same host (default %(default)s).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )

    def handle(self, *args, timeout, rate, host_delay, no_progress, **options):
        if timeout <= 0 or rate <= 0 or host_delay < 0:
            raise CommandError(
                "--timeout and --rate must be positive, --host-delay not negative."
            )
        urls = services.collect_urls()

        def progress(items):
            # disable=None: the bar only shows on a terminal, so cron mail stays short.
            return tqdm(
                items,
                desc="Checking links",
                unit="url",
                file=self.stderr,
                mininterval=0.5,
                disable=True if no_progress else None,
            )

        report = services.check_all(
            urls, rate=rate, host_delay=host_delay, timeout=timeout, progress=progress
        )
        report.removed = services.link_checks_prune(keep=urls)
        self.stdout.write(str(report))
