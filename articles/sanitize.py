"""The one place article HTML is cleaned: exactly the markup the guide uses survives."""

from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "a", "blockquote", "code", "pre", "hr",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _is_external(href: str) -> bool:
    return urlsplit(href).scheme in {"http", "https"}


def _link_attributes(element: str, attribute: str, value: str) -> str | None:
    if element == "a" and attribute == "href" and value.strip().lower().startswith("//"):
        return None  # protocol-relative URLs point anywhere; require an explicit scheme
    return value


def sanitize_html(html: str) -> str:
    """Clean editor or seed HTML; external links get rel="noopener noreferrer"."""
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_link_attributes,
        strip_comments=True,
    )
    return cleaned.strip()
