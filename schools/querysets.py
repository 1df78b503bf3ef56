"""The chainable filters of schools.models (Program.objects)."""

from careersite.pagecache import ContentQuerySet


class ProgramQuerySet(ContentQuerySet):
    def public(self):
        """Programs a reader may see: active and not withdrawn (program_public_idx matches this)."""
        return self.filter(is_active=True).exclude(status=self.model.Status.WITHDRAWN)
