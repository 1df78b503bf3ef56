"""The chainable filters of schools.models (Program.objects)."""

from django.db import models


class ProgramQuerySet(models.QuerySet):
    def public(self):
        """Programs a reader may see: active and not withdrawn (program_public_idx matches this)."""
        return self.filter(is_active=True).exclude(status=self.model.Status.WITHDRAWN)
