"""Site search matches programs through an index on both databases, with the results it gave
when it compared the program, institution and city columns one by one."""

import pytest
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When

from careersite.query import search_query_parse
from schools.models import Program, program_search_text
from schools.search import (
    _DELIVERY_WORDS,
    _LEVEL_WORDS,
    _text_units,
    programs_matching_text,
)
from tests.factories import make_institution, make_program

pytestmark = pytest.mark.django_db


def columns_one_by_one(q: str) -> list[int]:
    """The previous query: each word in the program name, institution name or city."""
    query = search_query_parse(q)
    units = _text_units(query.terms) if query.ok else []
    if not units:
        return []
    matches = Q()
    for text, code in units:
        word = text.removesuffix("'s")
        unit = (
            Q(name__icontains=text)
            | Q(institution__name__icontains=text)
            | Q(institution__city__icontains=text)
        )
        if code:
            unit |= Q(institution__state=code)
        if word in _LEVEL_WORDS:
            unit |= Q(level=_LEVEL_WORDS[word])
        if word in _DELIVERY_WORDS:
            unit |= Q(delivery=_DELIVERY_WORDS[word])
        matches &= unit
    hit = Case(
        When(institution__name__icontains=query.text, then=Value(2)),
        When(name__icontains=query.text, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return list(
        Program.objects.public()
        .filter(matches)
        .annotate(name_hit=hit)
        .order_by("-name_hit", "institution__name", "level", "name", "pk")
        .values_list("pk", flat=True)
    )


def matching(q: str):
    """programs_matching_text() for what a reader typed."""
    query = search_query_parse(q)
    return programs_matching_text(
        text=query.search_text, terms=query.terms, excluded=query.excluded
    )


@pytest.fixture
def programs(db):
    rows = [
        ("Columbus State Community College", "Columbus", "OH", "Health Information Technology, AAS", "associate", "online"),
        ("Ohio University", "Athens", "OH", "Health Information Management, BS", "baccalaureate", "campus"),
        ("New York University", "New York", "NY", "Health Informatics, MS", "masters", "hybrid"),
        ("Indiana University", "Indianapolis", "IN", "Health Information Management, BS", "baccalaureate", "online"),
        ("Universidad del Este", "Carolina", "PR", "Gestión de Información de Salud", "associate", ""),
        ("St. Mary's 100% College", "O'Fallon", "MO", "Medical Coding_Cert (IT)", "associate", "campus"),
        ("Texas State University", "San Marcos", "TX", "Health Information Management, BS", "baccalaureate", "online"),
        ("Coding Institute", "Dallas", "TX", "Medical Records \"Fast\" Track", "associate", "online"),
    ]  # fmt: skip
    made = []
    for n, (institution, city, state, name, level, delivery) in enumerate(rows):
        made.append(
            make_program(
                institution=make_institution(
                    name=institution, slug=f"i-{n}", city=city, state=state
                ),
                name=name,
                slug=f"p-{n}",
                level=level,
                delivery=delivery,
            )
        )
    make_program(
        name="Withdrawn Coding",
        status="withdrawn",
        institution=make_institution(name="Gone Coding College"),
    )
    return made


# query -> names of the programs found, in order (the previous query gives the same).
QUERIES = {
    "coding": ["Medical Records \"Fast\" Track", "Medical Coding_Cert (IT)"],
    "CODING": ["Medical Records \"Fast\" Track", "Medical Coding_Cert (IT)"],
    "informatics": ["Health Informatics, MS"],
    "matics": ["Health Informatics, MS"],
    "new york": ["Health Informatics, MS"],
    "NY": ["Health Informatics, MS"],
    "ny": [],
    "health information ohio": ["Health Information Technology, AAS", "Health Information Management, BS"],
    "columbus": ["Health Information Technology, AAS"],
    "athens ohio": ["Health Information Management, BS"],
    "online associate": ["Medical Records \"Fast\" Track", "Health Information Technology, AAS"],
    "bachelor's texas": ["Health Information Management, BS"],
    "masters": ["Health Informatics, MS"],
    "hybrid": ["Health Informatics, MS"],
    "IT": ["Medical Records \"Fast\" Track", "Health Information Technology, AAS", "Health Information Management, BS", "Health Informatics, MS", "Health Information Management, BS", "Health Information Management, BS", "Medical Coding_Cert (IT)"],
    "100%": ["Medical Coding_Cert (IT)"],
    "100_": ["Medical Coding_Cert (IT)"],
    "coding_cert": ["Medical Coding_Cert (IT)"],
    "o'fallon": ["Medical Coding_Cert (IT)"],
    "st. mary's": ["Medical Coding_Cert (IT)"],
    '"fast"': ["Medical Records \"Fast\" Track"],
    "gestión": ["Gestión de Información de Salud"],
    "gestion": ["Gestión de Información de Salud"],
    "información salud": ["Gestión de Información de Salud"],
    "university indiana": ["Health Information Management, BS"],
    "programs in texas": ["Medical Records \"Fast\" Track", "Health Information Management, BS"],
    "withdrawn": [],
    "state university": ["Health Information Management, BS"],
    "information\nohio": ["Health Information Technology, AAS", "Health Information Management, BS"],
    "york athens": [],
    "zzz": [],
    "!!!": [],
}  # fmt: skip


@pytest.mark.parametrize("q", QUERIES)
def test_results_are_those_of_the_column_by_column_query(programs, q):
    found = list(matching(q))
    if q not in ("gestión", "gestion", "información salud"):
        # The previous query matched the columns as stored; accents are now removed on both sides.
        assert [p.pk for p in found] == columns_one_by_one(q)
    assert [p.name for p in found] == QUERIES[q]


def test_search_text_follows_program_and_institution_edits(programs):
    program = programs[0]
    institution = program.institution
    institution.name, institution.city = "Columbus Tech", "Westerville"
    institution.save()
    program.refresh_from_db()
    assert program.search_text == program_search_text(program.name, institution)
    assert [
        p.pk
        for p in programs_matching_text(
            text="westerville tech", terms=("westerville", "tech")
        )
    ] == [program.pk]
    assert not programs_matching_text(
        text="columbus state", terms=("columbus", "state")
    ).exists()
    program.name = "Medical Billing"
    program.save()
    billing = {"text": "billing", "terms": ("billing",)}
    assert [p.pk for p in programs_matching_text(**billing)] == [program.pk]
    program.delete()
    assert not programs_matching_text(**billing).exists()


@pytest.fixture
def many_programs(programs):
    """Programs the queries do not match; on PostgreSQL as many as a large import, with fresh
    statistics (SQLite's plan for the FTS5 table does not depend on the table's size)."""
    institution = make_institution(
        name="Synthetic College", city="Springfield", state="IL"
    )
    template = make_program(
        institution=institution, name="Health Information Technology"
    )
    if connection.vendor == "postgresql":
        # PostgreSQL reads a table of a few pages whole rather than use any index: copy the row
        # 10,000 times in SQL (the triggers count every copy), as the benchmark's scale would.
        columns = [f.column for f in Program._meta.concrete_fields if not f.primary_key]
        values = {
            "slug": "p.slug || '-' || n",
            "name": "p.name || ' ' || n",
            "search_text": "p.name || ' ' || n || p.search_text",
        }
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO schools_program ({', '.join(columns)}) "
                f"SELECT {', '.join(values.get(c, f'p.{c}') for c in columns)} "
                "FROM schools_program AS p, generate_series(1, 10000) AS n WHERE p.id = %s",
                [template.pk],
            )
            # What autovacuum does after a large write: the GIN index's pending entries move
            # into the index proper, and the statistics are fresh.
            cursor.execute(
                "SELECT gin_clean_pending_list('program_search_text_trgm_idx'::regclass)"
            )
            cursor.execute("ANALYZE")


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    explain = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        return "\n".join(
            str(row[-1] if connection.vendor == "sqlite" else row[0])
            for row in cursor.fetchall()
        )


def test_program_text_matching_uses_the_index(many_programs):
    for q in [
        "coding",
        "medical records",
        "ccs exam",
        "cahiim",
    ]:  # make bench's searches
        found = matching(q)
        for part in (found.order_by().values("pk"), found[:5]):  # count, page
            plan = _plan(part)
            if connection.vendor == "postgresql":
                assert "Bitmap Index Scan on program_search_text_trgm_idx" in plan, plan
                assert "Seq Scan on schools_program" not in plan, plan
            else:
                assert "schools_program_search VIRTUAL TABLE INDEX" in plan, plan
                assert "SCAN schools_program\n" not in plan + "\n", plan
