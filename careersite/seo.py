"""Head metadata and JSON-LD: plain functions that return URLs, lists and dicts.

Templates reach them through careersite/templatetags/seo_tags.py; JSON-LD is always built
here as data and serialized with json.dumps, never written as a string template.
"""

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

SCHEMA = "https://schema.org"
SOC_CODE = "29-2072"
SOC_TITLE = "Medical Records Specialists"

# Query parameters that select different content and so belong in a canonical URL.
CANONICAL_PARAMS = ("page",)

# The least a reader needs before enrolling at each program level.
PROGRAM_PREREQUISITES = {
    "associate": "High school diploma or equivalent",
    "baccalaureate": "High school diploma or equivalent",
    "masters": "Bachelor's degree",
}
# schema.org's suggested labels for educationalProgramMode.
PROGRAM_MODES = {"online": "online", "campus": "onsite", "hybrid": "blended"}

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


def url_or_none(name: str, **kwargs) -> str | None:
    """reverse() that answers None for a URL another part of the site has not added yet."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


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


def _compact(data: dict) -> dict:
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


def credentials_list(credentials: str) -> list[str]:
    """'RHIA, CCS' -> ['RHIA', 'CCS']."""
    return [
        part.strip()
        for part in (credentials or "").replace(";", ",").split(",")
        if part.strip()
    ]


def person_jsonld(author) -> dict:
    credentials = credentials_list(author.credentials)
    return _compact(
        {
            "@type": "Person",
            "name": author.name,
            "honorificSuffix": ", ".join(credentials),
            "url": absolute_url(author.get_absolute_url()),
            "hasCredential": [
                {
                    "@type": "EducationalOccupationalCredential",
                    "credentialCategory": "certification",
                    "name": credential,
                }
                for credential in credentials
            ],
        }
    )


def article_jsonld(article) -> dict:
    """schema.org Article for a guide; expects topic and author to be loaded."""
    url = absolute_url(article.get_absolute_url())
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Article",
            "headline": article.title[:110],
            "description": article.description,
            "author": person_jsonld(article.author),
            "datePublished": article.published_at,
            "dateModified": article.updated_at,
            "publisher": publisher_jsonld(),
            "mainEntityOfPage": _compact(
                {
                    "@type": "WebPage",
                    "@id": url,
                    "lastReviewed": article.last_reviewed_on,
                }
            ),
            "image": absolute_url(article.hero_image.url)
            if article.hero_image
            else None,
            "articleSection": article.topic.name,
            "inLanguage": "en-US",
            "url": url,
        }
    )


def breadcrumb_jsonld(crumbs: Iterable[tuple[str, str]]) -> dict:
    """schema.org BreadcrumbList from (label, url) pairs, outermost first."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": label,
                "item": absolute_url(url),
            }
            for position, (label, url) in enumerate(crumbs, start=1)
        ],
    }


def breadcrumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """A trail that starts at the home page."""
    return [("Home", reverse("home")), *pairs]


def article_breadcrumbs(article) -> list[tuple[str, str]]:
    return breadcrumbs(
        ("Guides", reverse("articles:list")),
        (article.topic.name, article.topic.get_absolute_url()),
        (article.title, article.get_absolute_url()),
    )


def topic_breadcrumbs(topic) -> list[tuple[str, str]]:
    return breadcrumbs(
        ("Guides", reverse("articles:list")), (topic.name, topic.get_absolute_url())
    )


def program_jsonld(program) -> dict:
    """schema.org EducationalOccupationalProgram; expects program.institution to be loaded."""
    institution = program.institution
    prerequisite = PROGRAM_PREREQUISITES.get(program.level)
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "EducationalOccupationalProgram",
            "name": program.name,
            "url": absolute_url(program.get_absolute_url()),
            "provider": _compact(
                {
                    "@type": "CollegeOrUniversity",
                    "name": institution.name,
                    "url": institution.website
                    or absolute_url(institution.get_absolute_url()),
                    "address": _compact(
                        {
                            "@type": "PostalAddress",
                            "addressLocality": institution.city,
                            "addressRegion": institution.state,
                            "postalCode": institution.postal_code,
                            "addressCountry": "US",
                        }
                    ),
                }
            ),
            "programPrerequisites": {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": prerequisite,
            }
            if prerequisite
            else None,
            "educationalCredentialAwarded": {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "degree",
                "name": program.get_level_display(),
            },
            "educationalProgramMode": PROGRAM_MODES.get(program.delivery),
            "occupationalCategory": SOC_CODE,
            "sameAs": program.program_url,
        }
    )


def occupation_jsonld(
    *,
    url: str,
    median_annual: float | int | None = None,
    percentiles: Mapping[int, float | int] | None = None,
    period: str = "",
    source_url: str = "",
    name: str = SOC_TITLE,
    description: str = "",
    location: str = "United States",
) -> dict:
    """schema.org Occupation with estimatedSalary as a yearly MonetaryAmountDistribution in USD.

    `percentiles` maps 10/25/75/90 to annual wages; only figures a source gives belong here.
    Without any figure there is no estimatedSalary at all, rather than an empty one.
    """
    distribution = {
        "@type": "MonetaryAmountDistribution",
        "name": "base",
        "currency": "USD",
        "duration": "P1Y",
        "median": median_annual,
        "description": ", ".join(part for part in ("Annual wage", period) if part),
        "url": source_url,
    }
    for rank, value in (percentiles or {}).items():
        if int(rank) in (10, 25, 75, 90) and value is not None:
            distribution[f"percentile{int(rank)}"] = value
    has_figure = median_annual is not None or any(
        key.startswith("percentile") for key in distribution
    )
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Occupation",
            "name": name,
            "description": description,
            "occupationalCategory": SOC_CODE,
            "occupationLocation": {"@type": "Country", "name": location},
            "estimatedSalary": [_compact(distribution)] if has_figure else None,
            "mainEntityOfPage": absolute_url(url),
        }
    )
