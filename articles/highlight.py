"""A found guide's snippet: escaped text around what the reader searched for, the matches in <mark>.

On PostgreSQL the snippet is full-text search's headline (articles.selectors marks its matches with sentinels,
turned into <mark> here); elsewhere it is the first window of the body that holds a word, or the dek.
"""

import re
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from articles.selectors import MARK_START, MARK_STOP

SNIPPET_CHARS = 220
_MARKS = re.compile(f"({MARK_START}|{MARK_STOP})")


def _highlight(text: str, words: tuple[str, ...]) -> SafeString:
    """Escape `text` and wrap each occurrence of `words` in <mark>."""
    if not words:
        return escape(text)
    pattern = re.compile(
        "("
        + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
        + ")",
        re.IGNORECASE,
    )
    parts = pattern.split(text)
    return mark_safe(
        "".join(
            f"<mark>{escape(part)}</mark>" if index % 2 else escape(part)
            for index, part in enumerate(parts)
        )
    )


def _marked(headline: str) -> SafeString:
    """ts_headline output (text with sentinels) -> escaped HTML where only our <mark> is markup."""
    html, open_mark = [], False
    for part in _MARKS.split(unescape(headline)):
        if part == MARK_START and not open_mark:
            html.append("<mark>")
            open_mark = True
        elif part == MARK_STOP and open_mark:
            html.append("</mark>")
            open_mark = False
        elif part not in (MARK_START, MARK_STOP):
            html.append(str(escape(part)))
    if open_mark:
        html.append("</mark>")
    return mark_safe(" ".join("".join(html).split()))


def _body_window(body: str, words: tuple[str, ...]) -> str:
    plain = " ".join(unescape(strip_tags(body)).split())
    lowered = plain.lower()
    positions = [lowered.find(word.lower()) for word in words]
    positions = [position for position in positions if position >= 0]
    if not positions:
        return ""
    start = max(0, min(positions) - SNIPPET_CHARS // 3)
    if start:
        start = plain.find(" ", start) + 1 or start
    window = plain[start : start + SNIPPET_CHARS]
    if start + SNIPPET_CHARS < len(plain):
        window = window.rsplit(" ", 1)[0] + " \u2026"
    return ("\u2026 " if start else "") + window


def add_snippets(articles: list[Article], *, words: tuple[str, ...]) -> list[Article]:
    """Give each article a `snippet`: escaped text around `words`, the matches in <mark>."""
    for article in articles:
        headline = getattr(article, "headline", None)
        if headline and MARK_START in headline:
            article.snippet = _marked(headline)
            continue
        window = "" if headline is not None else _body_window(article.body, words)
        article.snippet = _highlight(window or article.dek, words)
    return articles
