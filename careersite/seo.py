"""Site-wide head metadata and JSON-LD: absolute and canonical URLs, the site and its publisher.

Each app builds the JSON-LD of its own models (articles/jsonld.py, schools/jsonld.py,
articles/careers/jsonld.py) with the helpers here. Templates reach them through
careersite/templatetags/seo_tags.py; JSON-LD is always built as data and serialized with
json.dumps, never written as a string template.
"""

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

SCHEMA = "https://schema.org"
# The occupation the whole site is about (medical records specialists, which includes coders).
SOC_CODE = "29-2072"

# Query parameters that select different content and so belong in a canonical URL.
CANONICAL_PARAMS = ("page",)

# json.dumps leaves these alone; inside <script> they could end the element or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(path: str) -> str:
    """SITE_URL + path; full URLs are returned unchanged."""
    if not path or urlsplit(path).scheme:
        return path
    return settings.SITE_URL + ("" if path.startswith("/") else "/") + path


def canonical_url(request, keep: Iterable[str] = CANONICAL_PARAMS) -> str:
    """The page's absolute URL without tracking or ordering parameters; page 1 has no ?page."""
    params = []
    for name in keep:
        value = request.GET.get(name, "").strip()
        if not value or (name == "page" and (not value.isdigit() or int(value) <= 1)):
            continue
        params.append((name, value))
    query = f"?{urlencode(params)}" if params else ""
    return absolute_url(request.path) + query


def jsonld_script(data: Mapping | list) -> SafeString:
    """A <script type="application/ld+json"> element that no string in `data` can break out of."""
    payload = json.dumps(
        data, ensure_ascii=False, separators=(",", ":"), default=_json_default
    )
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_SCRIPT_ESCAPES)),
    )


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def jsonld_compact(data: dict) -> dict:
    """Drop empty values so the JSON-LD never claims an empty property."""
    return {
        key: value for key, value in data.items() if value not in (None, "", [], {})
    }


def publisher_jsonld() -> dict:
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static("img/favicon.svg")),
        },
    }


def website_jsonld() -> dict:
    """The site, with the search box search engines may offer."""
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "publisher": publisher_jsonld(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute_url(reverse("search"))
                + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }
