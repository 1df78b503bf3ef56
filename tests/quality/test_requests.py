"""Oversized or malformed requests are refused with a 4xx, never a 5xx."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse


@pytest.fixture
def raw_client():
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_a_very_long_query_string_is_refused_with_414(raw_client):
    response = raw_client.get(
        reverse("home") + "?q=" + "a" * settings.MAX_QUERY_STRING_LENGTH
    )
    assert response.status_code == 414
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_query_string_at_the_limit_is_served(raw_client):
    query = "q=" + "a" * (settings.MAX_QUERY_STRING_LENGTH - 2)
    response = raw_client.get(reverse("about"), QUERY_STRING=query)
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_huge_public_post_is_refused_with_413_before_reading_it(raw_client):
    body = "x=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = raw_client.post(
        reverse("home"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


@pytest.mark.django_db
def test_a_huge_form_post_to_the_admin_login_is_a_4xx(raw_client):
    # Under the admin's upload allowance but over Django's form-field memory limit.
    body = "username=a&password=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = raw_client.post(
        "/" + settings.ADMIN_PATH + "login/",
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert 400 <= response.status_code < 500


@pytest.mark.django_db
def test_too_many_form_fields_is_a_4xx(raw_client):
    body = "&".join(
        f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 5)
    )
    response = raw_client.post(
        "/" + settings.ADMIN_PATH + "login/",
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert 400 <= response.status_code < 500


@pytest.mark.django_db
def test_invalid_content_length_is_a_400(raw_client):
    response = raw_client.get(reverse("home"), CONTENT_LENGTH="lots")
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "q=%",
        "q=%zz",
        "q=%ff%fe",
        "q=%00",
        "%=%",
        "q=%E2%82",
        "page=%C0%AF",
        "a=1&&&=&b",
        "q=\udcff".encode("utf-8", "surrogateescape").decode("latin-1"),
    ],
)
def test_malformed_percent_encodings_never_give_5xx(raw_client, seeded, query):
    from tests.quality.pages import public_pages

    for url in public_pages().values():
        path = url.split("?", 1)[0]
        response = raw_client.get(path, QUERY_STRING=query)
        assert response.status_code < 500, (path, query, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/%ff/",
        "/guides/%c0%ae%c0%ae/",
        "/schools/programs/%00/",
        "/guides/" + "a" * 3000 + "/",
    ],
)
def test_malformed_paths_are_404_not_5xx(raw_client, path):
    response = raw_client.get(path)
    assert response.status_code in (400, 404), (path, response.status_code)


@pytest.mark.django_db
def test_public_forms_reject_posts_without_csrf_token(seeded):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post(
        "/" + settings.ADMIN_PATH + "login/", {"username": "a", "password": "b"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_posts_to_public_pages_never_succeed_without_a_csrf_token(seeded):
    from tests.quality.pages import public_pages

    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    for name, url in public_pages().items():
        response = client.post(url, {"q": "x"})
        # Public pages are read-only (405); anything that accepts a POST must demand the token (403).
        assert response.status_code in (403, 404, 405), (
            name,
            url,
            response.status_code,
        )
