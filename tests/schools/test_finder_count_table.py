"""The finder's count table stays equal to a plain COUNT of public programs, whatever writes.

Each case changes programs or institutions one way (saves, QuerySet.update() as the admin actions
do, bulk_create, CSV imports, deletes, cascades, a move to another state) and then compares every
FinderCount row, and the finder's counts for every answer, place and format, with counting the
programs themselves. The database triggers that keep the table exact run on SQLite and
PostgreSQL alike.
"""

import pytest
from django.db import connection
from django.db.models import Count

from schools.counts import finder_counts, state_counts
from schools.derived import FINDER_TABLE, SEARCH_TABLE, derived_ensure
from schools.models import FinderCount, Institution, Program
from schools.selectors import program_counts
from schools.services import programs_import_csv, programs_read_csv, schools_seed
from tests.factories import make_institution, make_program

LEVELS = [[level] for level in Program.Level.values] + [
    ["associate", "baccalaureate"],
    list(Program.Level.values),
]
FORMATS = ["any", "online", "campus"]


def plain_counts() -> dict[tuple, int]:
    rows = (
        Program.objects.public()
        .order_by()
        .values_list("level", "institution__state", "delivery", "status")
        .annotate(n=Count("pk"))
    )
    return {tuple(row[:4]): row[4] for row in rows}


def table_counts() -> dict[tuple, int]:
    return {
        (row.level, row.state, row.delivery, row.status): row.programs
        for row in FinderCount.objects.all()
        if row.programs
    }


def assert_counts_exact(*, every_search: bool = True) -> None:
    assert table_counts() == plain_counts()
    assert not FinderCount.objects.filter(programs__lt=0).exists()
    if not every_search:
        return
    states = ["", *Institution.objects.values_list("state", flat=True).distinct()]
    for levels in LEVELS:
        for state in states:
            for format in FORMATS:
                programs = Program.objects.public().filter(level__in=levels)
                if state:
                    programs = programs.filter(institution__state=state)
                if format == "online":
                    programs = programs.filter(delivery="online")
                if format == "campus":
                    programs = programs.filter(delivery__in=["campus", "hybrid"])
                got = finder_counts(levels=levels, state=state, formats=(format,))
                assert got == program_counts(programs), (levels, state, format)
    by_state = {row["code"]: row for row in state_counts()}
    for code, n in (
        Program.objects.public()
        .order_by()
        .values_list("institution__state")
        .annotate(n=Count("pk"))
    ):
        assert by_state.pop(code)["count"] == n
    assert by_state == {}


@pytest.fixture
def world(db):
    """Two institutions in two states, programs of every level, delivery and status."""
    ohio = make_institution(name="Ohio College", slug="ohio", state="OH")
    texas = make_institution(name="Texas College", slug="texas", state="TX")
    programs = []
    for i, (level, delivery, status, active) in enumerate(
        [
            ("associate", "online", "accredited", True),
            ("associate", "campus", "candidacy", True),
            ("associate", "", "accredited", True),
            ("baccalaureate", "hybrid", "probation", True),
            ("baccalaureate", "online", "withdrawn", True),
            ("masters", "online", "accredited", False),
            ("masters", "campus", "accredited", True),
        ]
    ):
        for institution in (ohio, texas):
            programs.append(
                make_program(
                    institution=institution,
                    name=f"Program {i}",
                    slug=f"{institution.slug}-{i}",
                    level=level,
                    delivery=delivery,
                    status=status,
                    is_active=active,
                )
            )
    return {"ohio": ohio, "texas": texas, "programs": programs}


def _save(program, **changes):
    for name, value in changes.items():
        setattr(program, name, value)
    program.save()


def _bulk_create(w):
    Program.objects.bulk_create(
        Program(
            institution=w["texas"],
            name=f"Bulk {n}",
            slug=f"bulk-{n}",
            level="baccalaureate",
            discipline=Program.Discipline.HIM,
            delivery="online",
            status="accredited" if n % 3 else "candidacy",
            is_active=n % 4 != 0,
            source_url="https://example.org/",
        )
        for n in range(12)
    )


IMPORT_CSV = (
    "institution,state,city,program_name,level,discipline,delivery,program_url,"
    "source_url,source_note,accreditation_status\n"
    "Ohio College,OH,Columbus,Program 0,associate,health_information_management,campus,,"
    "https://example.org/,,probation\n"
    "New Mexico College,NM,Santa Fe,Coding,associate,health_information_management,online,,"
    "https://example.org/,,accredited\n"
)

# What happens -> a function of the world that does it.
CASES = {
    "nothing (created with save)": lambda w: None,
    "level changed": lambda w: _save(w["programs"][0], level="masters"),
    "delivery changed": lambda w: _save(w["programs"][1], delivery="hybrid"),
    "status to withdrawn": lambda w: _save(w["programs"][0], status="withdrawn"),
    "withdrawn back to accredited": lambda w: _save(
        w["programs"][8], status="accredited"
    ),
    "made inactive": lambda w: _save(w["programs"][2], is_active=False),
    "made active": lambda w: _save(w["programs"][10], is_active=True),
    "moved to another institution": lambda w: _save(
        w["programs"][0], institution=w["texas"], slug="moved", name="Moved"
    ),
    "saved unchanged": lambda w: [p.save() for p in w["programs"]],
    "status by QuerySet.update (admin action)": lambda w: Program.objects.filter(
        level="associate"
    ).update(status="probation"),
    "inactive by QuerySet.update (admin action)": lambda w: Program.objects.filter(
        delivery="online"
    ).update(is_active=False),
    "active by QuerySet.update (admin action)": lambda w: Program.objects.update(
        is_active=True
    ),
    "several columns by QuerySet.update": lambda w: Program.objects.filter(
        status="accredited"
    ).update(level="masters", delivery="campus", status="candidacy"),
    "bulk_create": _bulk_create,
    "institution moves to another state": lambda w: _save(w["ohio"], state="NM"),
    "institution state by QuerySet.update": lambda w: Institution.objects.filter(
        pk=w["texas"].pk
    ).update(state="OH"),
    "institution renamed": lambda w: _save(w["ohio"], name="Ohio State College"),
    "program deleted": lambda w: w["programs"][0].delete(),
    "programs deleted by QuerySet.delete": lambda w: Program.objects.filter(
        level="associate"
    ).delete(),
    "institution deleted (cascade)": lambda w: w["ohio"].delete(),
    "everything deleted": lambda w: Institution.objects.all().delete(),
    "CSV import": lambda w: programs_import_csv(
        rows=programs_read_csv(IMPORT_CSV.encode())
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_the_table_equals_a_plain_count_after(world, case):
    assert_counts_exact()
    CASES[case](world)
    assert_counts_exact()


@pytest.mark.django_db
def test_cases_in_sequence_and_the_seed_list(world):
    schools_seed()
    assert Program.objects.count() > 50
    assert_counts_exact()  # every answer, place and format of the real list
    for case in CASES.values():
        case(
            {
                "ohio": Institution.objects.filter(slug="ohio").first()
                or make_institution(state="OH"),
                "texas": Institution.objects.filter(slug="texas").first()
                or make_institution(state="TX"),
                "programs": list(Program.objects.order_by("pk")[:14])
                or [make_program() for _ in range(14)],
            }
        )
        assert_counts_exact(every_search=False)


@pytest.mark.django_db
def test_missing_triggers_are_put_back_and_the_table_rebuilt(world):
    """SQLite drops a table's triggers when a migration rebuilds the table; post_migrate heals."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "DROP TRIGGER schools_program_findercount_write ON schools_program"
            )
        else:
            cursor.execute("DROP TRIGGER schools_program_findercount_insert")
    make_program(institution=world["ohio"], slug="unseen")  # not counted: no trigger
    assert table_counts() != plain_counts()
    rebuilt = derived_ensure(connection)
    assert FINDER_TABLE in rebuilt
    assert SEARCH_TABLE not in rebuilt
    assert_counts_exact()
    make_program(institution=world["texas"], slug="seen")  # the trigger is back
    assert_counts_exact()
    assert derived_ensure(connection) == []
