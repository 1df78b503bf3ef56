"""Property-based tests: random and hostile query parameters and path segments never give a 5xx."""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.quality.counts import record_count
from tests.quality.pages import public_pages

# Every parameter a public page reads, plus some it does not.
KNOWN_PARAMS = [
    "education",
    "state",
    "format",
    "zip",
    "radius",
    "page",
    "q",
    "sort",
    "order",
    "credentials",
    "experience_years",
    "training",
    "degree",
    "level",
    "delivery",
    "utm_source",
    "p",
]
HOSTILE_VALUES = [
    "", " ", "0", "-1", "99999999999999999999999999", "1e308", "NaN", "inf", "1.5", "0x10", "last",
    "' OR '1'='1", "\"; DROP TABLE schools_program; --", "%", "%%", "\\", "../../etc/passwd",
    "\x00", "a\x00b", "\u202e", "\ufeff", "😀" * 50, "ＯＨ", "oh", "Oh", "ZZ", "00000", "99999", "1234",
    "<script>alert(1)</script>", "{{ 7*7 }}", "{% debug %}", "${7*7}", "a" * 2000, "[]", "{}", "null",
    "true", "education", "high_school", "associate", "masters", "online", "campus", "any", "-wage",
    "wage", "state", "name", "-name",
]  # fmt: skip
PAGE_TYPES = ["home", "about", "article list", "article", "topic", "author", "finder", "results with matches",
              "program", "institution", "state list", "state", "search", "salary", "eligibility", "404",
              "compare", "shortlist", "name search"]  # fmt: skip

EXAMPLES = {"query": 300, "raw": 120, "path": 150}
_seen = dict.fromkeys(EXAMPLES, 0)
EXAMPLES_OF = {
    "test_random_query_parameters_never_give_5xx": "query",
    "test_raw_undecodable_query_strings_never_give_5xx": "raw",
    "test_random_path_segments_never_give_5xx": "path",
}

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
values = st.one_of(
    text, st.sampled_from(HOSTILE_VALUES), st.integers(-(10**30), 10**30).map(str)
)
params = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(KNOWN_PARAMS), text),
        st.one_of(values, st.lists(values, max_size=3)),
    ),
    max_size=6,
)
fuzz_settings = settings(
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _count_examples(request):
    """Each property test reports the examples it ran itself, whichever xdist worker runs it, in whatever order."""
    yield
    kind = EXAMPLES_OF.get(request.node.name)
    if kind is not None:
        record_count("hypothesis examples", merge=True, **{kind: _seen[kind]})
        assert _seen[kind], f"Hypothesis ran no {kind} example"


@pytest.fixture
def pages(seeded):
    urls = public_pages()
    return [urls[name].split("?", 1)[0] for name in PAGE_TYPES]


def _check(client, path, query_string):
    response = client.get(path, QUERY_STRING=query_string)
    assert response.status_code < 500, (path, query_string[:300], response.status_code)


@pytest.mark.django_db
@settings(fuzz_settings, max_examples=EXAMPLES["query"])
@given(data=st.data())
def test_random_query_parameters_never_give_5xx(pages, data):
    client = Client(raise_request_exception=False)
    path = data.draw(st.sampled_from(pages))
    query = urlencode(
        [
            (k, v)
            for k, vs in data.draw(params)
            for v in (vs if isinstance(vs, list) else [vs])
        ]
    )
    _check(client, path, query)
    _seen["query"] += 1


@pytest.mark.django_db
@settings(fuzz_settings, max_examples=EXAMPLES["raw"])
@given(data=st.data())
def test_raw_undecodable_query_strings_never_give_5xx(pages, data):
    client = Client(raise_request_exception=False)
    path = data.draw(st.sampled_from(pages))
    key = data.draw(st.sampled_from(KNOWN_PARAMS))
    raw = data.draw(st.binary(max_size=40))
    # Percent-encode arbitrary bytes (invalid UTF-8 included) and sprinkle in broken escapes.
    junk = data.draw(
        st.sampled_from(["", "%", "%g", "%e2%82", "&", "=", ";", "+", "#"])
    )
    _check(client, path, f"{key}={quote(raw, safe='')}{junk}")
    _seen["raw"] += 1


@pytest.mark.django_db
@settings(fuzz_settings, max_examples=EXAMPLES["path"])
@given(data=st.data())
def test_random_path_segments_never_give_5xx(pages, data):
    client = Client(raise_request_exception=False)
    base = data.draw(st.sampled_from(pages))
    segment = data.draw(st.one_of(text, st.sampled_from(HOSTILE_VALUES)))
    # Replace the last segment (a slug or state code) or append one.
    parts = base.rstrip("/").split("/")
    if data.draw(st.booleans()) and len(parts) > 1:
        parts[-1] = quote(segment, safe="")
    else:
        parts.append(quote(segment, safe=""))
    path = "/".join(parts) + data.draw(st.sampled_from(["/", ""]))
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)
    _seen["path"] += 1
