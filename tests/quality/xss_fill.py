"""Put one XSS vector into every editable text field of every model the public site shows."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Max, Value
from django.db.models.functions import Cast, Concat

from tests.caches import clear_caches

PROJECT_APPS = ("articles", "schools", "careersite")


def _project_models():
    for config in apps.get_app_configs():
        if config.label in PROJECT_APPS or Path(config.path).is_relative_to(
            Path(settings.BASE_DIR) / "careers"
        ):
            yield from config.get_models()


def text_fields(model) -> list[models.Field]:
    """Free-text fields an editor types into (not slugs, codes, choices, URLs or keys)."""
    fields = []
    for field in model._meta.concrete_fields:
        if (
            not isinstance(field, (models.CharField, models.TextField))
            or not field.editable
        ):
            continue
        if (
            isinstance(field, (models.SlugField, models.URLField, models.EmailField))
            or field.choices
        ):
            continue
        if (
            field.primary_key
            or (field.max_length or 1000) < 20
            or field.name in {"key", "password"}
        ):
            continue
        fields.append(field)
    return fields


def url_fields() -> list[models.URLField]:
    return [
        f
        for model in _project_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.URLField)
    ]


def fill_text_fields(vector: str) -> dict[str, list[str]]:
    """Set every text field of every row to the vector (plus the row id, for unique constraints).

    Articles go through save() so the body passes the sanitiser exactly as an editor's save does; every other
    model takes one UPDATE per model (the vector, a space and the row's id, computed by the database), which
    writes the same values as saving each row at a fraction of the time.
    Returns {model label: [field names]} of what was filled.
    """
    filled = {}
    for model in _project_models():
        fields = text_fields(model)
        if not fields:
            continue
        if model._meta.label == "articles.Article":
            for row in model.objects.all():
                for field in fields:
                    suffix = f" {row.pk}"
                    limit = (field.max_length or 100_000) - len(suffix)
                    setattr(row, field.name, vector[:limit] + suffix)
                row.save()
        else:
            last = model.objects.aggregate(last=Max("pk"))["last"]
            if last is None:
                filled[model._meta.label] = [f.name for f in fields]
                continue
            suffix = len(f" {last}")
            model.objects.update(
                **{
                    field.name: Concat(
                        Value(vector[: (field.max_length or 100_000) - suffix]),
                        Value(" "),
                        Cast("pk", output_field=models.TextField()),
                        output_field=models.TextField(),
                    )
                    for field in fields
                }
            )
        filled[model._meta.label] = [f.name for f in fields]
    clear_caches()
    return filled
