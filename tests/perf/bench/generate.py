"""Synthetic data for `make bench`, only ever written to a benchmark database.

Articles live under their own topic and author with slugs starting "bench-"; programs belong to
institutions named "Synthetic College <n>" with slugs starting "synthetic-college-". Both
generators refuse a database that is not a benchmark one (a SQLite file under a "bench" folder,
or a PostgreSQL database whose name ends in "_bench") unless `force` is given, so their rows
never reach a real site. To start again, recreate the benchmark database (`make bench
BENCH_ARGS=--rebuild`).
"""

import random
import sys
import time
from datetime import timedelta
from typing import TextIO

import zipcodes
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, Author, Source, Topic
from careersite import geo
from careersite.states import STATES
from schools.models import FinderCount, Institution, Program, program_search_text

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

INSTITUTION_SLUG_PREFIX = "synthetic-college-"
SYNTHETIC_PROGRAMS = [
    (
        "Health Information Technology, AAS",
        Program.Level.ASSOCIATE,
        Program.Discipline.HIM,
    ),
    (
        "Health Information Technology, AS",
        Program.Level.ASSOCIATE,
        Program.Discipline.HIM,
    ),
    (
        "Health Information Management, BS",
        Program.Level.BACCALAUREATE,
        Program.Discipline.HIM,
    ),
    (
        "Health Informatics, BS",
        Program.Level.BACCALAUREATE,
        Program.Discipline.INFORMATICS,
    ),
    (
        "Health Information Management, MS",
        Program.Level.MASTERS,
        Program.Discipline.HIM,
    ),
    ("Health Informatics, MS", Program.Level.MASTERS, Program.Discipline.INFORMATICS),
]


class NotABenchmarkDatabase(Exception):
    pass


def is_benchmark_database(db: dict | None = None) -> bool:
    db = db or settings.DATABASES["default"]
    name = str(db["NAME"])
    if db["ENGINE"].endswith("sqlite3"):
        return "/bench/" in name.replace("\\", "/")
    return name.endswith("_bench")


def benchmark_database_require(*, force: bool = False) -> None:
    """Raise NotABenchmarkDatabase unless the default database is a benchmark one (or `force`)."""
    if not (force or is_benchmark_database()):
        raise NotABenchmarkDatabase(
            "Refusing to add synthetic data to a non-benchmark database. Use `make bench` "
            "(which builds var/bench/ or a *_bench PostgreSQL database)."
        )


def synthetic_body(sections: int = 6, paragraphs: int = 3) -> str:
    parts = []
    for title in SECTIONS[:sections]:
        parts.append(f"<h2>{title}</h2>")
        parts.extend(f"<p>{PARAGRAPH * 3}</p>" for _ in range(paragraphs))
        parts.append(
            "<ul><li>First point</li><li>Second point</li><li>Third point</li></ul>"
        )
    return "".join(parts)


def articles_generate(*, count: int, seed: int = 0, force: bool = False) -> int:
    """Create `count` synthetic published articles with two sources each; returns how many were made."""
    benchmark_database_require(force=force)
    rng = random.Random(seed)
    topic, _ = Topic.objects.get_or_create(slug=TOPIC["slug"], defaults=TOPIC)
    author, _ = Author.objects.get_or_create(slug=AUTHOR["slug"], defaults=AUTHOR)
    start = Article.objects.filter(slug__startswith=SLUG_PREFIX).count()
    # bulk_create skips save(): render the shared body and its table of contents once.
    rendered = Article(body=synthetic_body())
    rendered.refresh_rendered()
    now = timezone.now()
    articles = [
        Article(
            title=f"Benchmark article {n:05d}",
            slug=f"{SLUG_PREFIX}{n:05d}",
            dek="Synthetic benchmark article; not real guidance.",
            body=rendered.body,
            toc=rendered.toc,
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
    return len(articles)


def _zip_places() -> list[tuple[str, str, float, float]]:
    """(ZIP code, state, latitude, longitude) of every known ZIP code in a state the site lists."""
    places = []
    for entry in zipcodes.list_all():
        point = geo.zip_point(entry["zip_code"]) if entry["state"] in STATES else None
        if point is not None:
            places.append((entry["zip_code"], entry["state"], *point))
    return places


def programs_generate(
    *, count: int, seed: int = 0, batch_size: int = 5000, force: bool = False
) -> int:
    """Create `count` synthetic programs at synthetic institutions placed on real ZIP codes."""
    benchmark_database_require(force=force)
    rng = random.Random(seed)
    places = _zip_places()
    number = Institution.objects.filter(
        slug__startswith=INSTITUTION_SLUG_PREFIX
    ).count()
    deliveries = ["online", "online", "campus", "hybrid", ""]
    statuses = ["accredited"] * 17 + ["candidacy", "probation", "withdrawn"]
    made = 0
    with transaction.atomic():
        while made < count:
            institutions, plan, planned = [], [], 0
            while made + planned < count and len(institutions) < batch_size:
                number += 1
                code, state, lat, lng = rng.choice(places)
                institutions.append(
                    Institution(
                        name=f"Synthetic College {number:07d}",
                        slug=f"{INSTITUTION_SLUG_PREFIX}{number:07d}",
                        city="Synthetic",
                        state=state,
                        postal_code=code,
                        latitude=lat,
                        longitude=lng,
                    )
                )
                picks = rng.sample(
                    SYNTHETIC_PROGRAMS, min(rng.randint(1, 4), count - made - planned)
                )
                plan.append(picks)
                planned += len(picks)
            Institution.objects.bulk_create(institutions, batch_size=batch_size)
            programs = [
                Program(
                    institution=inst,
                    name=name,
                    level=level,
                    discipline=discipline,
                    slug=f"{inst.slug}-{i}",
                    delivery=rng.choice(deliveries),
                    status=rng.choice(statuses),
                    is_active=rng.random() > 0.02,
                    institution_name=inst.name,
                    search_text=program_search_text(name, inst),
                    source_url="https://example.org/synthetic",
                    source_note="Synthetic benchmark data, not a real program.",
                )
                for inst, picks in zip(institutions, plan, strict=True)
                for i, (name, level, discipline) in enumerate(picks, start=1)
            ]
            Program.objects.bulk_create(programs, batch_size=batch_size)
            made += len(programs)
        # The finder counts and search index follow by trigger.
    analyze_tables()
    return made


def analyze_tables() -> None:
    """Refresh the planner's statistics after a bulk load; without them both databases pick poor join orders."""
    with connection.cursor() as cursor:
        for model in (Institution, Program, FinderCount):
            table = connection.ops.quote_name(model._meta.db_table)
            # Every inserted program updated its count row: on PostgreSQL that leaves one dead
            # row version each until autovacuum passes, so clear them now (outside a transaction).
            vacuum = model is FinderCount and connection.vendor == "postgresql"
            if vacuum and not connection.in_atomic_block:
                cursor.execute(f"VACUUM ANALYZE {table}")
            else:
                cursor.execute(f"ANALYZE {table}")


def synthetic_data_generate(
    *,
    articles: int = 0,
    programs: int = 0,
    seed: int = 0,
    force: bool = False,
    out: TextIO = sys.stdout,
) -> None:
    """Both generators, each reporting what it made and how long it took."""
    benchmark_database_require(force=force)
    for label, generator, count in [
        ("article", articles_generate, articles),
        ("program", programs_generate, programs),
    ]:
        if not count:
            continue
        started = time.perf_counter()
        made = generator(count=count, seed=seed, force=force)
        out.write(
            f"Created {made} synthetic {label}(s) in {time.perf_counter() - started:.1f} s\n"
        )
