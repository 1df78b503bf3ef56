"""The one place article HTML is cleaned: exactly the markup the guide's editor produces survives.

The allowed set matches the rich-text editor's extensions (articles.models.guide.BODY_EDITOR_EXTENSIONS),
so whatever an editor can make is kept and anything pasted or seeded beyond it is stripped.
"""

import re
from html import unescape
from urllib.parse import urlsplit

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "h2", "h3", "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "noopener noreferrer"

# nh3 re-serialises its output: every attribute is name="value" with quotes escaped,
# so a start tag can be matched reliably after cleaning.
_ANCHOR = re.compile(r"<a(\s[^>]*)?>")
_HREF = re.compile(r'\shref="([^"]*)"')


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).netloc.lower()


def is_external(href: str) -> bool:
    parts = urlsplit(href.strip())
    return parts.scheme in {"http", "https"} and parts.netloc.lower() != _site_host()


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if (
        element == "a"
        and attribute == "href"
        and value.strip().lower().startswith("//")
    ):
        return None  # protocol-relative URLs point anywhere; require an explicit scheme
    return value


def _add_rel(match: re.Match) -> str:
    attrs = match.group(1) or ""
    href = _HREF.search(attrs)
    if href and is_external(unescape(href.group(1))):
        return f'<a{attrs} rel="{EXTERNAL_REL}">'
    return match.group(0)


def sanitize_html(html: str) -> str:
    """Clean editor or seed HTML; external links get rel="noopener noreferrer", internal ones none."""
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        attribute_filter=_attribute_filter,
        strip_comments=True,
    )
    return _ANCHOR.sub(_add_rel, cleaned).strip()
