from django.core.management.base import BaseCommand

from articles.careers.facts import career_facts_seed
from articles.careers.pay_import import releases_seed
from articles.services import guide_seed
from schools.services import schools_seed


class Command(BaseCommand):
    help = "Load the seed content (guide, programs, career facts, BLS wages). Idempotent: never overwrites editors' changes."

    def handle(self, *args, **options):
        self.stdout.write(f"Guide articles: {guide_seed()}")
        self.stdout.write(f"Schools: {schools_seed()}")
        self.stdout.write(f"Career facts: {career_facts_seed()}")
        for report in releases_seed():
            self.stdout.write(f"BLS OEWS {report}")
