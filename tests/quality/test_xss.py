"""Server-side XSS gate: every vector, in every editable text field and every query parameter, comes out inert."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from tests.quality.counts import record_count
from tests.quality.pages import public_pages
from tests.quality.test_fuzz import KNOWN_PARAMS
from tests.quality.xss_fill import fill_text_fields, url_fields
from tests.quality.xss_vectors import VECTORS, find_dangerous_markup

JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
# Same template and stored content as another page type; their parameters are covered below.
VARIANT_PAGES = {
    "results with errors",
    "search without query",
    "salary sorted",
    "eligibility answered",
    "404",
    "compare with a bad link",
    "compare too many",
    "shortlist without programs",
    "name search misspelled",
    "name search without matches",
    "name search without query",
    "name search with symbols only",
    # The pay pages' variants show the same names as the pay pages checked with every vector.
    "pay area without released wages",
    "pay nonmetro area",
    "pay near a zip far from a metro",
    "pay near a bad zip",
    "pay zip form",
    "pay compare too many",
}
PAGES_WITH_PARAMS = [
    "finder",
    "results with matches",
    "search",
    "salary",
    "eligibility",
    "article list",
    "topic",
    "state",
    "state list",
    "404",
    "home",
    "compare",
    "shortlist",
    "name search",
]


def _unescaped(html: str, needle: str) -> bool:
    """True if `needle` (which holds a tag) appears verbatim outside JSON-LD blocks.

    Quote-only vectors are legitimately verbatim in text nodes (the sanitised body keeps quotes);
    in attributes they would create a handler or data-xss, which find_dangerous_markup reports.
    """
    if "<" not in needle:
        return False
    return needle in JSON_LD.sub("", html)


def _assert_inert(response, url, vector, problems):
    assert response.status_code < 500, (url, vector, response.status_code)
    html = response.content.decode()
    for problem in find_dangerous_markup(html):
        problems.append(f"{url} [{vector!r}]: {problem}")
    if _unescaped(html, vector):
        problems.append(f"{url}: vector appears unescaped: {vector!r}")
    for block in JSON_LD.findall(html):
        if (
            "</script"
            in block[
                len('<script type="application/ld+json">') : -len("</script>")
            ].lower()
        ):
            problems.append(f"{url}: JSON-LD can be broken out of with {vector!r}")


@pytest.mark.django_db
def test_seeded_pages_have_no_executable_markup(seeded):
    client = Client()
    problems = []
    for url in public_pages().values():
        problems += [
            f"{url}: {p}"
            for p in find_dangerous_markup(client.get(url).content.decode())
        ]
    assert not problems, "\n".join(problems)


# Each gate runs in parts (every PARTS-th vector), so `make test-fast`'s workers share the longest tests.
STORED_PARTS = 3
PARAM_PARTS = 2


@pytest.mark.django_db
@pytest.mark.parametrize("part", range(STORED_PARTS))
def test_vectors_in_every_editable_text_field_are_inert(seeded, part):
    client = Client(raise_request_exception=False)
    problems, requests, fields = [], 0, {}
    vectors = VECTORS[part::STORED_PARTS]
    for vector in vectors:
        fields = fill_text_fields(vector)
        pages = {k: v for k, v in public_pages().items() if k not in VARIANT_PAGES}
        pages["search for vector"] = "/search/?q=alert"
        for url in pages.values():
            _assert_inert(client.get(url), url, vector, problems)
            requests += 1
    field_count = sum(len(names) for names in fields.values())
    record_count(
        f"xss stored, part {part + 1} of {STORED_PARTS}",
        vectors=len(vectors),
        fields=field_count,
        requests=requests,
    )
    assert field_count >= 15, fields
    assert not problems, "\n".join(problems[:40])


@pytest.mark.django_db
@pytest.mark.parametrize("part", range(PARAM_PARTS))
def test_vectors_in_every_query_parameter_are_inert(seeded, part):
    client = Client(raise_request_exception=False)
    vectors = VECTORS[part::PARAM_PARTS]
    pages = public_pages()
    education = re.search(r"education=([\w-]+)", pages["results with matches"])[1]
    problems, requests = [], 0
    for name in PAGES_WITH_PARAMS:
        path = pages[name].split("?", 1)[0]
        for vector in vectors:
            everything = dict.fromkeys(KNOWN_PARAMS, vector)
            for query in (everything, {**everything, "education": education}):
                _assert_inert(client.get(path, query), path, vector, problems)
                requests += 1
    record_count(
        f"xss query parameters, part {part + 1} of {PARAM_PARTS}",
        vectors=len(vectors),
        params=len(KNOWN_PARAMS),
        requests=requests,
    )
    assert requests >= len(vectors) * 5
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
    ],
)
def test_url_fields_reject_script_urls(value):
    fields = url_fields()
    assert len(fields) >= 4
    for field in fields:
        with pytest.raises(ValidationError):
            field.run_validators(value)


@pytest.mark.django_db
def test_the_fill_writes_the_vector_and_the_row_id_into_every_text_field(seeded):
    from django.apps import apps

    vector = VECTORS[0]
    fields = fill_text_fields(vector)
    # Articles are saved through the sanitiser, which rewrites the vector: the page checks cover them.
    del fields["articles.Article"]
    assert len(fields) >= 5, fields
    for label, names in fields.items():
        model = apps.get_model(label)
        for row in model.objects.all()[:3]:
            for name in names:
                value = getattr(row, name)
                # The vector, cut to the field's length if need be, then the row's id.
                assert value.startswith(vector[:10]), (label, name, value)
                assert value.endswith(f" {row.pk}"), (label, name, value)
