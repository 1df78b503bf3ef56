"""What counts as content, and how every write to it reaches the content version (careersite.pagecache.content_version).

Content is every model of settings.PAGE_CACHE_CONTENT_APPS except settings.PAGE_CACHE_IGNORED_MODELS
(`content_models()`). Its writes make cached pages stale by themselves, so no caller has a call to remember:
- saves, deletes (a queryset's and cascades included) and many-to-many changes send model signals, connected here
  per content model;
- `QuerySet.update()`, `bulk_create()` and `bulk_update()` send none: ContentQuerySet, the base of every content
  model's querysets, bumps once per call (a test holds every manager of every content model to that).
Raw SQL is seen by neither: code that writes content with it calls `content_changed()` itself.
"""

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from careersite.pagecache.content_version import bump_after_commit, content_changed


def content_models() -> list[type[models.Model]]:
    """The models whose rows appear on public pages."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in settings.PAGE_CACHE_CONTENT_APPS
        and model._meta.label_lower not in settings.PAGE_CACHE_IGNORED_MODELS
    ]


class ContentQuerySet(models.QuerySet):
    """The base queryset of content models: bulk writes, which send no model signals, make cached pages stale.

    One bump per call, whatever the number of rows, and none when no row was written. `bulk_update()` writes
    through `update()`; `delete()` sends post_delete per row, as Django does for every model with receivers.
    """

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            content_changed()
        return rows

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            content_changed()
        return created

    bulk_create.alters_data = True


def on_content_saved(sender, **kwargs) -> None:
    """post_save / post_delete / m2m_changed receiver of the content models."""
    if kwargs.get("raw") and transaction.get_connection().in_atomic_block:
        # loaddata writes a whole fixture in one transaction: one bump when it commits, not one per row.
        bump_after_commit()
    else:
        content_changed()


def connect_content_signals() -> None:
    """Connect the receiver per content model, so other models keep Django's fast, signal-less deletes."""
    for model in content_models():
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(on_content_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(on_content_saved, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                on_content_saved,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )
