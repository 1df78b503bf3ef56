"""Form settings shared by the admins of every app."""

from django.db import models

# Django 6 changes URLField's default scheme; decide now (and silence the warning).
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}
