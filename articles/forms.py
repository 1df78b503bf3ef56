from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.functional import cached_property

from articles.editorial import LiveState, article_conflict_message, article_live_state
from articles.models import Article
from articles.models.guide import stored_body

HERO_IMAGE_MAX_BYTES = 5 * 1024 * 1024


class ArticleAdminForm(forms.ModelForm):
    """The article change form: carries the edit counter it was loaded with, so no edit is lost."""

    loaded_edit_count = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0
    )

    # Set by the article admin's get_form (articles.workflow.admin) when the stored state was read
    # before reversion's revision view rewrote the row inside its transaction.
    live_state: LiveState | None = None

    class Meta:
        model = Article
        fields = [
            "title", "slug", "dek", "body", "topic", "author", "status", "published_at",
            "last_reviewed_on", "featured", "show_at_a_glance", "seo_title", "meta_description",
            "hero_image", "hero_alt",
        ]  # fmt: skip
        widgets = {
            "seo_title": forms.TextInput(
                attrs={"data-counter": "60", "class": "vTextField"}
            ),
            "meta_description": forms.Textarea(
                attrs={"data-counter": "160", "rows": 3, "class": "vLargeTextField"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.live = None
        if self.instance.pk:
            known = (
                self.live_state.edit_count
                if self.live_state
                else self.instance.edit_count
            )
            self.fields["loaded_edit_count"].initial = known

    @cached_property
    def changed_data(self):
        # The rich-text editor posts headings without the ids a save adds: compare bodies as stored.
        names = super().changed_data
        if "body" in names and "body" not in self.errors:
            initial = self.get_initial_for_field(self.fields["body"], "body") or ""
            posted = (
                self.cleaned_data.get("body") if hasattr(self, "cleaned_data") else None
            )
            if posted is not None and stored_body(posted) == stored_body(initial):
                names = [name for name in names if name != "body"]
        return names

    def clean_hero_image(self):
        image = self.cleaned_data.get("hero_image")
        if image and getattr(image, "size", 0) > HERO_IMAGE_MAX_BYTES:
            raise ValidationError(
                "The image is larger than 5 MB; please upload a smaller file."
            )
        return image

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_conflict(cleaned.get("loaded_edit_count"))
        return cleaned

    def _check_conflict(self, loaded_edit_count):
        # Locks the row until the admin's transaction commits, so two saves cannot interleave.
        stored = article_live_state(pk=self.instance.pk, lock=True)
        self.live = self.live_state or stored
        if self.live is None:
            return
        # A post without an edit count is refused too.
        if loaded_edit_count != self.live.edit_count:
            # Re-render with the stored edit count: saving again knowingly replaces their changes.
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_edit_count")] = str(self.live.edit_count)
            history_url = reverse(
                "admin:articles_article_history", args=[self.instance.pk]
            )
            raise ValidationError(
                article_conflict_message(self.live, history_url=history_url),
                code="conflict",
            )
