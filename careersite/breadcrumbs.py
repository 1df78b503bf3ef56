"""The site's one breadcrumb builder: a trail of (label, url) pairs from the home page.

A view passes its trail to the template as `breadcrumbs`; base.html shows it with
templates/includes/_breadcrumbs.html and the head describes it as BreadcrumbList JSON-LD.
"""

from collections.abc import Iterable

from django.urls import reverse

from careersite.seo import SCHEMA, absolute_url

Crumb = tuple[str, str]


def breadcrumbs(*pairs: Crumb) -> list[Crumb]:
    """A trail that starts at the home page; the last pair is the current page."""
    return [("Home", reverse("home")), *pairs]


def breadcrumb_jsonld(crumbs: Iterable[Crumb]) -> dict:
    """schema.org BreadcrumbList from (label, url) pairs, outermost first.

    A crumb without a URL (the current page when its address depends on the reader's
    input) has no `item`: search engines then take the page's own URL.
    """
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": label,
                **({"item": absolute_url(url)} if url else {}),
            }
            for position, (label, url) in enumerate(crumbs, start=1)
        ],
    }
