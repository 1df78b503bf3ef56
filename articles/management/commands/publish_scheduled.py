from django.core.management.base import BaseCommand

from articles.workflow.services import apply_due_scheduled_changes


class Command(BaseCommand):
    help = (
        "Publish the scheduled article changes whose go-live time has come. The site also does this on "
        "the first request after that time; run this from cron to publish even when nobody visits."
    )

    def handle(self, *args, **options):
        count = apply_due_scheduled_changes()
        self.stdout.write(f"{count} scheduled change(s) published.")
