"""The steps of `make bench` that need Django, run with the benchmark environment:

    python -m tests.perf.bench.prepare build --articles 1000 --programs 100000
    python -m tests.perf.bench.prepare urls
    python -m tests.perf.bench.prepare migrate

`build` migrates an empty benchmark database, loads the seed content and the synthetic data and
refreshes the planner's statistics; `urls` prints, as JSON, the pages the harness measures;
`migrate` brings an existing benchmark database up to date (and refreshes the statistics).
"""

import argparse
import json
import os
import sys

import django


def build(*, articles: int, programs: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from tests.perf.bench.generate import synthetic_data_generate

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_content")
    synthetic_data_generate(articles=articles, programs=programs)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def migrate() -> None:
    """Migrate an existing benchmark database. A migration that rebuilds a table on SQLite drops its
    statistics, and the planner then picks poor plans (the ZIP finder took 330 ms instead of 50),
    so refresh them afterwards."""
    from django.core.management import call_command
    from django.db import connection

    from articles.careers.pay_import import releases_seed

    call_command("migrate", interactive=False, verbosity=0)
    # A database built before the pay release was shipped gets it now (idempotent).
    releases_seed()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def page_urls() -> dict:
    """The flagship (or first) real article, the first real accredited program, the pathway keys."""
    from articles.models import Article
    from schools.models import EducationPathway, Program
    from tests.perf.bench.generate import INSTITUTION_SLUG_PREFIX, SLUG_PREFIX

    published = Article.objects.published()
    article = (
        published.filter(featured=True).exclude(slug__startswith=SLUG_PREFIX).first()
        or published.first()
    )
    programs = Program.objects.public().order_by("pk")
    program = (
        programs.filter(status=Program.Status.ACCREDITED)
        .exclude(slug__startswith=INSTITUTION_SLUG_PREFIX)
        .first()
        or programs.first()
    )
    return {
        "article": article.get_absolute_url(),
        "program": program.get_absolute_url(),
        "pathways": list(EducationPathway.objects.values_list("key", flat=True)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    build_step = steps.add_parser("build", help="fill an empty benchmark database")
    build_step.add_argument("--articles", type=int, default=2000)
    build_step.add_argument("--programs", type=int, default=10_000)
    steps.add_parser("urls", help="print the pages to measure as JSON")
    steps.add_parser("migrate", help="apply new migrations, then refresh statistics")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careersite.settings")
    # The functions above import models, so only after this.
    django.setup()
    if args.step == "build":
        build(articles=args.articles, programs=args.programs)
    elif args.step == "migrate":
        migrate()
    else:
        sys.stdout.write(json.dumps(page_urls()) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
