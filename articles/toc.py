"""Table of contents from an article body: anchor ids on H2 headings, and the list of them."""

import re
from dataclasses import dataclass
from html import unescape

from django.utils.html import strip_tags
from django.utils.text import slugify

H2 = re.compile(r"<h2(?:\s[^>]*)?>(.*?)</h2>", re.IGNORECASE | re.DOTALL)
ID_ATTR = re.compile(r'\sid="([^"]*)"')


@dataclass(frozen=True)
class Heading:
    anchor: str
    text: str


def _heading_text(inner_html: str) -> str:
    return " ".join(unescape(strip_tags(inner_html)).split())


def add_heading_ids(html: str) -> str:
    """Give every H2 a unique, readable id (kept stable from its text)."""
    seen: set[str] = set()

    def replace(match: re.Match) -> str:
        text = _heading_text(match.group(1))
        base = slugify(text)[:60].strip("-") or "section"
        anchor, n = base, 2
        while anchor in seen:
            anchor, n = f"{base}-{n}", n + 1
        seen.add(anchor)
        return f'<h2 id="{anchor}">{match.group(1)}</h2>'

    return H2.sub(replace, html)


def table_of_contents(html: str) -> list[Heading]:
    headings = []
    for match in H2.finditer(html):
        anchor = ID_ATTR.search(match.group(0)[: match.group(0).find(">")])
        if anchor:
            headings.append(
                Heading(anchor=anchor.group(1), text=_heading_text(match.group(1)))
            )
    return headings
