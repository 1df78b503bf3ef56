"""Factory functions with overridable defaults; tests build exactly the rows they need."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Author, Source, Topic
from schools.models import EducationPathway, Institution, Program

_counter = itertools.count(1)


def make_topic(**fields) -> Topic:
    n = next(_counter)
    return Topic.objects.create(
        **{"name": f"Topic {n}", "slug": f"topic-{n}", **fields}
    )


def make_author(**fields) -> Author:
    n = next(_counter)
    return Author.objects.create(
        **{
            "name": f"Author {n}",
            "slug": f"author-{n}",
            "credentials": "RHIA, CCS",
            **fields,
        }
    )


def make_article(**fields) -> Article:
    n = next(_counter)
    defaults = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "dek": f"Summary of article {n}.",
        "body": "<h2>First section</h2><p>Text.</p><h2>Second section</h2><p>More text.</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
    }
    defaults.update(fields)
    defaults.setdefault("topic", fields.get("topic") or make_topic())
    defaults.setdefault("author", fields.get("author") or make_author())
    return Article.objects.create(**defaults)


def make_source(article: Article, **fields) -> Source:
    n = next(_counter)
    return Source.objects.create(
        article=article,
        **{
            "title": f"Source {n}",
            "url": f"https://example.org/{n}",
            "period": "May 2024",
            **fields,
        },
    )


def make_institution(**fields) -> Institution:
    n = next(_counter)
    return Institution.objects.create(
        **{
            "name": f"College {n}",
            "slug": f"college-{n}",
            "city": "Columbus",
            "state": "OH",
            **fields,
        }
    )


def make_program(**fields) -> Program:
    n = next(_counter)
    defaults = {
        "name": f"Health Information Technology {n}",
        "slug": f"program-{n}",
        "level": Program.Level.ASSOCIATE,
        "discipline": Program.Discipline.HIM,
        "delivery": Program.Delivery.ONLINE,
        "source_url": "https://example.org/source",
    }
    defaults.update(fields)
    defaults.setdefault("institution", fields.get("institution") or make_institution())
    return Program.objects.create(**defaults)


def make_pathway(**fields) -> EducationPathway:
    n = next(_counter)
    return EducationPathway.objects.create(
        **{
            "key": f"pathway-{n}",
            "label": f"Pathway {n}",
            "levels": ["associate"],
            "guidance": "Start here.",
            **fields,
        }
    )


def make_staff(username: str = "editor", **fields):
    return get_user_model().objects.create_user(
        username=username, password="pw-for-tests-only", is_staff=True, **fields
    )


def make_fact(**fields):
    from datetime import date
    from decimal import Decimal

    from articles.models import OccupationFact

    n = next(_counter)
    defaults = {
        "key": f"fact-{n}",
        "label": f"Fact {n}",
        "value": Decimal("50250"),
        "unit": OccupationFact.Unit.USD,
        "period": "May 2024",
        "period_end": date(2024, 5, 31),
        "source_name": "U.S. Bureau of Labor Statistics",
        "source_url": "https://www.bls.gov/ooh/",
        "position": n,
    }
    return OccupationFact.objects.create(**{**defaults, **fields})


def make_state_wage(**fields):
    from datetime import date

    from articles.models import StateWage

    defaults = {
        "state_code": "OH",
        "state_name": "Ohio",
        "annual_mean_wage": 43980,
        "period": "May 2018",
        "period_end": date(2018, 5, 31),
        "occupation_code": "29-2071",
        "source_url": "https://example.org/wages",
    }
    return StateWage.objects.create(**{**defaults, **fields})


def make_pay_release(**fields):
    """A BLS OEWS release (May 2025 unless told otherwise), with no estimates."""
    from datetime import date

    from articles.models import PayRelease

    defaults = {
        "name": "May 2025",
        "code": "2025A01",
        "reference_month": date(2025, 5, 1),
        "published_on": date(2026, 5, 15),
        "retrieved_on": date(2026, 9, 26),
        "source_name": "BLS, Occupational Employment and Wage Statistics, May 2025",
        "source_url": "https://www.bls.gov/oes/",
    }
    return PayRelease.objects.create(**{**defaults, **fields})


def make_national_estimate(release, soc: str = "29-2072", **measures):
    """The national estimate of one occupation in `release` (May 2025's 29-2072 figures by default)."""
    from decimal import Decimal

    from articles.models import PayArea, PayEstimate, PayOccupation

    area, _ = PayArea.objects.get_or_create(
        code="0000000",
        defaults={"kind": "national", "name": "National", "slug": "united-states"},
    )
    occupation, _ = PayOccupation.objects.get_or_create(
        soc=soc, defaults={"title": "Medical Records Specialists"}
    )
    defaults = {
        "employment": 194720,
        "annual_median": 51140,
        "hourly_median": Decimal("24.59"),
        "annual_mean": 56790,
        "hourly_mean": Decimal("27.30"),
        "annual_p10": 37000,
        "annual_p90": 81150,
    }
    return PayEstimate.objects.create(
        release=release,
        occupation=occupation,
        area=area,
        **{**defaults, **measures},
    )
