"""Autosaves of the article change form: the editor's unsaved work, per user and article.

The browser (static/js/admin-autosave.js) posts the form's fields every few seconds while the
editor types; reopening the form offers them back. An autosave is never shown on the site and
never becomes a revision; a real save of the article deletes it.
"""

import json
from datetime import datetime

from django.utils import timezone

from articles.models import Article, ArticleAutosave

# The body of one autosave request; a guide with every source is far below this.
AUTOSAVE_MAX_BYTES = 1_000_000
AUTOSAVE_MAX_FIELDS = 2000
_FIELD_NAME_MAX = 200
# The change form's hidden field with the edit count it was loaded at (articles.forms); autosaves
# stored before it had this name hold it as "loaded_version".
LOADED_EDIT_COUNT = "loaded_edit_count"
_LOADED_EDIT_COUNT_BEFORE = "loaded_version"


class AutosaveDataError(ValueError):
    """The posted autosave is not the JSON object the change form sends."""


def _is_value(value) -> bool:
    if isinstance(value, str | bool):
        return True
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_name(name) -> bool:
    return isinstance(name, str) and 0 < len(name) <= _FIELD_NAME_MAX


def autosave_parse(raw: str | None) -> dict:
    """The checked autosave data in `raw`: {"fields": {name: value}, "labels": {name: {value: text}}}.

    A value is a string, a boolean (a checkbox) or a list of strings (a multiple choice). Labels
    keep the visible text of chosen options, so autocomplete selects can show them again.
    """
    if not raw:
        raise AutosaveDataError("No autosave data was sent.")
    if len(raw) > AUTOSAVE_MAX_BYTES:
        raise AutosaveDataError("The autosave is too large.")
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise AutosaveDataError("The autosave is not valid JSON.") from error
    if not isinstance(data, dict) or set(data) - {"fields", "labels"}:
        raise AutosaveDataError("The autosave must be an object of fields and labels.")
    fields = data.get("fields")
    labels = data.get("labels", {})
    if not isinstance(fields, dict) or not isinstance(labels, dict):
        raise AutosaveDataError("The autosave must be an object of fields and labels.")
    if len(fields) > AUTOSAVE_MAX_FIELDS:
        raise AutosaveDataError("The autosave has too many fields.")
    if not all(_is_name(name) and _is_value(value) for name, value in fields.items()):
        raise AutosaveDataError("Every field needs a name and a text value.")
    for name, options in labels.items():
        if (
            name not in fields
            or not isinstance(options, dict)
            or not all(isinstance(text, str) for text in options.values())
        ):
            raise AutosaveDataError("Labels must name a field and give text per value.")
    return {"fields": fields, "labels": labels}


def article_autosave_store(
    *, user, article: Article | None, data: dict, now: datetime | None = None
) -> ArticleAutosave:
    """Keep `data` as `user`'s autosave of `article` (None: the add form), replacing an older one."""
    autosave, _ = ArticleAutosave.objects.update_or_create(
        user=user,
        article=article,
        defaults={"data": data, "saved_at": now or timezone.now()},
    )
    return autosave


def article_autosave_discard(*, user, article: Article | None) -> int:
    """Delete `user`'s autosave of `article`; the number of rows deleted (0 or 1)."""
    deleted, _ = ArticleAutosave.objects.filter(user=user, article=article).delete()
    return deleted


def article_autosave_pending(
    *, user, article: Article | None
) -> ArticleAutosave | None:
    """`user`'s autosave worth offering: for an article, only if newer than its last save."""
    autosaves = ArticleAutosave.objects.filter(user=user, article=article)
    if article is not None:
        autosaves = autosaves.filter(saved_at__gt=article.updated_at)
    autosave = autosaves.first()
    if autosave is not None:
        # A restore fills the form's fields by name, and the edit count it brings back is what
        # makes saving over a newer save show the conflict message.
        autosave.data["fields"] = _current_names(autosave.data["fields"])
    return autosave


def _current_names(fields: dict) -> dict:
    """`fields` with the edit count under its current name; the current name wins if both are there."""
    if LOADED_EDIT_COUNT in fields or _LOADED_EDIT_COUNT_BEFORE not in fields:
        return fields
    return {
        LOADED_EDIT_COUNT if name == _LOADED_EDIT_COUNT_BEFORE else name: value
        for name, value in fields.items()
    }


def autosave_started_before_last_save(
    autosave: ArticleAutosave, article: Article | None
) -> bool:
    """Whether the article was saved after the editor loaded the form these changes were made in."""
    if article is None:
        return False
    loaded = _current_names(autosave.data["fields"]).get(LOADED_EDIT_COUNT)
    return (
        isinstance(loaded, str)
        and loaded.isdigit()
        and int(loaded) < article.edit_count
    )
