"""What a working draft changes, field by field: against the live article as highlighted HTML, and in one
save as a sentence for the history."""

from dataclasses import dataclass

from django.db import models
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.text import capfirst, get_text_list
from reversion_compare.helpers import html_diff

from articles.models import DRAFT_FIELDS, Article, ArticleDraft
from articles.models.drafts import SOURCE_FIELDS


@dataclass(frozen=True)
class FieldChange:
    label: str
    diff: SafeString


def _text(article_or_draft, name: str) -> str:
    field = Article._meta.get_field(name)
    value = getattr(article_or_draft, name)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    if name == "body":
        # Compare what readers read, paragraph by paragraph, not the markup.
        return strip_tags(value.replace("</p>", "</p>\n").replace("</h2>", "</h2>\n"))
    if value is None:
        return ""
    return str(value)


def _sources_text(sources: list[dict]) -> str:
    return "\n".join(
        " | ".join(str(source.get(key) or "") for key in SOURCE_FIELDS)
        for source in sources
    )


def draft_changes(article: Article, draft: ArticleDraft) -> list[FieldChange]:
    """The fields whose draft value differs from the live one (html_diff escapes both values)."""
    changes = []
    for name in DRAFT_FIELDS:
        live, new = _text(article, name), _text(draft, name)
        if live != new:
            label = str(Article._meta.get_field(name).verbose_name).capitalize()
            changes.append(FieldChange(label, html_diff(live, new)))
    live_sources = _sources_text(
        [{key: getattr(s, key) for key in SOURCE_FIELDS} for s in article.sources.all()]
    )
    new_sources = _sources_text(draft.sources)
    if live_sources != new_sources:
        changes.append(FieldChange("Sources", html_diff(live_sources, new_sources)))
    return changes


def changed_fields_message(before: dict, after: dict) -> str:
    """ "Changed Summary and Body." for the draft fields (and sources) whose values differ, or "No fields changed."."""
    labels = [
        capfirst(ArticleDraft._meta.get_field(name).verbose_name)
        if name != "sources"
        else "Sources"
        for name in after
        if before.get(name) != after[name]
    ]
    if not labels:
        return "No fields changed."
    return f"Changed {get_text_list(labels, 'and')}."
