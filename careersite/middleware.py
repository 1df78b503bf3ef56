"""Site-wide guards: security headers, request size limits, and a friendly 503 while the database is down."""

import logging

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)


class SecurityHeadersMiddleware:
    """Headers neither Django nor django-permissions-policy sets. Outside the page cache, so hits get them too."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {"Cross-Origin-Resource-Policy": "same-origin"}

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response


class RequestLimitsMiddleware:
    """Refuse absurd requests before any view runs: long query strings (414) and oversized bodies (413)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.max_query_string = settings.MAX_QUERY_STRING_LENGTH
        self.admin_prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > self.max_query_string:
            return _plain(
                414,
                "Request-URI Too Long: the address is longer than this site accepts.",
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _plain(400, "Bad Request: invalid Content-Length.")
        # Editors upload images through the admin; everyone else only submits small forms.
        limit = (
            settings.MAX_ADMIN_REQUEST_BODY
            if request.path_info.startswith(self.admin_prefix)
            else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if length > limit:
            return _plain(
                413,
                "Content Too Large: the request body is larger than this site accepts.",
            )
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Turn a database outage into a 503 with Retry-After instead of a 500.

    Errors raised in views and templates arrive in process_exception; errors raised inside other
    middleware (sessions, redirects) have already become a 500 by the time they reach us, so the
    got_request_exception receiver below marks those requests and __call__ swaps the response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(
            request, "_database_unavailable", False
        ):
            unavailable = database_unavailable_response()
            # Keep what inner middleware added (frame protection) on the replacement.
            if "X-Frame-Options" in response:
                unavailable["X-Frame-Options"] = response["X-Frame-Options"]
            return unavailable
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("Database unavailable: %s", exception.__class__.__name__)
            return database_unavailable_response()
        return None


@receiver(got_request_exception)
def _mark_database_errors(sender, request=None, **kwargs):
    import sys

    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        request._database_unavailable = True


def database_unavailable_response() -> HttpResponse:
    # Rendered without a request: context processors (user, session) would query the database.
    response = HttpResponse(
        render_to_string(
            "503.html", {"error_css": static_url_or_fallback("css/error.css")}
        ),
        status=503,
    )
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # The page cache answers with the page's last good copy instead, if it has one.
    response.database_unavailable = True
    return response


def static_url_or_fallback(path: str) -> str:
    # The outage page must render even if the static manifest is missing or stale.
    try:
        return static(path)
    except ValueError:
        return settings.STATIC_URL.rstrip("/") + "/" + path


def _plain(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
