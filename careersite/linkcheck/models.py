from django.db import models
from django.db.models import Q


class LinkCheck(models.Model):
    """The last check of one outside address the content links to (written by `check_links`)."""

    url = models.URLField(max_length=1000, unique=True)
    ok = models.BooleanField(
        help_text="The address answered with a success status, after any redirects."
    )
    status_code = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="HTTP status of the last answer; empty when no answer came.",
    )
    error = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why the check failed: not found, timed out, host not found, TLS error…",
    )
    final_url = models.URLField(
        max_length=2000, blank=True, help_text="Where the redirects ended."
    )
    elapsed_ms = models.PositiveIntegerField("time taken (ms)", null=True, blank=True)
    # Indexed for the screen's "last check" time and the admin's date drill-down.
    checked_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["url"]
        indexes = [
            # The content-health screen reads only the failures.
            models.Index(
                fields=["url"], condition=Q(ok=False), name="linkcheck_failed_idx"
            )
        ]

    def __str__(self):
        return self.url

    @property
    def outcome(self) -> str:
        """ "200 OK", "404: not found", "timed out after 10 s"."""
        if self.ok:
            return f"{self.status_code} OK"
        if self.status_code and self.error:
            return f"{self.status_code}: {self.error}"
        return self.error or str(self.status_code or "")

    @property
    def redirected(self) -> bool:
        return bool(self.final_url) and self.final_url != self.url
