"""Synthetic articles for the benchmark (`make bench`), only ever written to a benchmark database.

They live under their own topic and author, with slugs starting "bench-", and the command refuses to run
against a database that is not a benchmark one (a SQLite file under a "bench" folder, or a PostgreSQL database
whose name ends in "_bench") unless --force is given, so they never reach a real site.
"""

import random
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Author, Source, Topic
from articles.sanitize import sanitize_html
from articles.toc import add_heading_ids
from careersite.pagecache import content_changed

SLUG_PREFIX = "bench-"
TOPIC = {"slug": "bench-synthetic", "name": "Benchmark (synthetic)", "position": 999}
AUTHOR = {"slug": "bench-synthetic-author", "name": "Benchmark author"}
SECTIONS = [
    "Overview",
    "What the work involves",
    "Training",
    "Practice",
    "Next steps",
    "Further reading",
]
PARAGRAPH = (
    "This is synthetic benchmark text with no facts in it. It exists so pages have the length and "
    "structure of a real guide: several sections, lists and links, rendered by the same templates. "
)


def is_benchmark_database(db: dict | None = None) -> bool:
    db = db or settings.DATABASES["default"]
    name = str(db["NAME"])
    if db["ENGINE"].endswith("sqlite3"):
        return "/bench/" in name.replace("\\", "/")
    return name.endswith("_bench")


def synthetic_body(sections: int = 6, paragraphs: int = 3) -> str:
    parts = []
    for title in SECTIONS[:sections]:
        parts.append(f"<h2>{title}</h2>")
        parts.extend(f"<p>{PARAGRAPH * 3}</p>" for _ in range(paragraphs))
        parts.append(
            "<ul><li>First point</li><li>Second point</li><li>Third point</li></ul>"
        )
    return add_heading_ids(sanitize_html("".join(parts)))


def articles_generate(*, count: int, seed: int = 0) -> int:
    """Create `count` synthetic published articles with two sources each; returns how many were made."""
    rng = random.Random(seed)
    topic, _ = Topic.objects.get_or_create(slug=TOPIC["slug"], defaults=TOPIC)
    author, _ = Author.objects.get_or_create(slug=AUTHOR["slug"], defaults=AUTHOR)
    start = Article.objects.filter(slug__startswith=SLUG_PREFIX).count()
    body = synthetic_body()
    now = timezone.now()
    articles = [
        Article(
            title=f"Benchmark article {n:05d}",
            slug=f"{SLUG_PREFIX}{n:05d}",
            dek="Synthetic benchmark article; not real guidance.",
            body=body,
            topic=topic,
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60)),
        )
        for n in range(start + 1, start + count + 1)
    ]
    with transaction.atomic():
        Article.objects.bulk_create(articles, batch_size=500)
        made = Article.objects.filter(slug__in=[a.slug for a in articles]).only("pk")
        Source.objects.bulk_create(
            [
                Source(
                    article=article,
                    title=f"Synthetic source {i}",
                    url="https://example.org/",
                    position=i,
                )
                for article in made
                for i in (1, 2)
            ],
            batch_size=1000,
        )
    content_changed()  # bulk_create sends no signals
    return len(articles)


class Command(BaseCommand):
    help = "Create N synthetic articles in a benchmark database (topic bench-synthetic, slugs bench-*)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete existing synthetic articles first",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Allow a database that is not a benchmark one",
        )

    def handle(self, *args, count, seed, replace, force, **options):
        if count < 0:
            raise CommandError("N must be zero or more.")
        if not (force or is_benchmark_database()):
            raise CommandError(
                "Refusing to add synthetic articles to a non-benchmark database. Use `make bench` "
                "(which builds var/bench/ or a *_bench PostgreSQL database), or pass --force."
            )
        started = time.perf_counter()
        if replace:
            deleted, _ = Article.objects.filter(slug__startswith=SLUG_PREFIX).delete()
            self.stdout.write(f"Deleted {deleted} synthetic row(s)")
        made = articles_generate(count=count, seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {made} synthetic article(s) in {time.perf_counter() - started:.1f} s"
            )
        )
