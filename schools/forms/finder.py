"""The finder's query parameters, and the fields and widget it is built from."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms

from careersite.geo import ZIP_RE, zip_point
from careersite.states import STATE_CHOICES
from schools.models import EducationPathway
from schools.selectors import ONLINE_PLACE

DEFAULT_RADIUS = 50
MAX_RADIUS = 500
MAX_PAGE = 10_000


class UpperChoiceField(forms.ChoiceField):
    """A choice of upper-case codes that also accepts lower case (``oh`` for ``OH``)."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class PlaceChoiceField(UpperChoiceField):
    """A state code (any case), or "online" for the choice "Online (any state)"."""

    def to_python(self, value):
        value = super().to_python(value)
        return ONLINE_PLACE if value.lower() == ONLINE_PLACE else value


class FinderForm(forms.Form):
    FORMAT_CHOICES = [
        ("any", "Any format"),
        ("online", "Online"),
        ("campus", "On campus or hybrid"),
    ]

    education = forms.ChoiceField(
        label="What is your highest level of education?",
        error_messages={
            "required": "Choose your highest level of education.",
            "invalid_choice": "Choose one of the listed levels of education.",
        },
    )
    state = PlaceChoiceField(
        label="State",
        required=False,
        choices=[
            ("", "Any state"),
            (ONLINE_PLACE, "Online (any state)"),
            *STATE_CHOICES,
        ],
        error_messages={
            "invalid_choice": "Choose a US state or territory from the list."
        },
    )
    format = forms.ChoiceField(
        label="Format",
        required=False,
        choices=FORMAT_CHOICES,
        initial="any",
        error_messages={"invalid_choice": "Choose any format, online, or on campus."},
    )
    unstated = forms.BooleanField(
        label="Also show programs whose format our source does not state",
        required=False,
    )
    zip = forms.CharField(
        label="ZIP code",
        required=False,
        max_length=10,
        help_text="Optional. Show programs within a distance of this ZIP code.",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": 10}
        ),
        error_messages={"max_length": "Enter a 5-digit ZIP code."},
    )
    radius = forms.IntegerField(
        label="Distance in miles",
        required=False,
        min_value=1,
        max_value=MAX_RADIUS,
        help_text=f"Used with a ZIP code; {DEFAULT_RADIUS} miles if left empty.",
        widget=forms.NumberInput(attrs={"step": 1}),
        error_messages={
            "min_value": f"Enter a distance from 1 to {MAX_RADIUS} miles.",
            "max_value": f"Enter a distance from 1 to {MAX_RADIUS} miles.",
            "invalid": f"Enter a whole number of miles from 1 to {MAX_RADIUS}.",
        },
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        widget=forms.HiddenInput,
        error_messages={
            "min_value": "Page numbers start at 1.",
            "max_value": "That page does not exist.",
            "invalid": "The page number must be a whole number.",
        },
    )

    def __init__(
        self,
        *args,
        pathways: list[EducationPathway] | None = None,
        compact: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.pathways = {
            p.key: p
            for p in (
                pathways if pathways is not None else EducationPathway.objects.all()
            )
        }
        self.fields["education"].choices = [
            ("", "Choose one"),
            *((k, p.label) for k, p in self.pathways.items()),
        ]
        if not compact:
            self.fields["education"].widget = forms.RadioSelect(
                choices=self.fields["education"].choices[1:]
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        column = "col-12" if compact else "col-12 col-md-6"
        self.helper.layout = Layout(
            "education",
            Row(Column("state", css_class=column), Column("format", css_class=column)),
            "unstated",
            Row(Column("zip", css_class=column), Column("radius", css_class=column)),
        )

    def clean_education(self):
        return self.pathways[self.cleaned_data["education"]]

    def clean_format(self):
        return self.cleaned_data["format"] or "any"

    def clean_zip(self):
        code = self.cleaned_data["zip"].strip()
        if not code:
            return ""
        if not ZIP_RE.match(code):
            raise forms.ValidationError("Enter a 5-digit ZIP code, such as 43215.")
        if zip_point(code) is None:
            raise forms.ValidationError(
                f"We could not find ZIP code {code}. Check it, or search by state instead."
            )
        return code[:5]

    def clean(self):
        data = super().clean()
        if data.get("zip") and not data.get("radius") and "radius" not in self.errors:
            data["radius"] = DEFAULT_RADIUS
        if not data.get("zip"):
            # a distance means nothing without a place to measure from
            data["radius"] = None
        return data

    def unused_answers(self) -> list[str]:
        """Answers the search could not use, each with the reason (call after is_valid())."""
        data = self.cleaned_data
        raw_radius = str(self.data.get("radius", "")).strip()
        unused = []
        if raw_radius and not data.get("zip") and "radius" not in self.errors:
            unused.append(
                f"We did not use the distance ({raw_radius} miles): a distance needs a ZIP code to measure from."
            )
        if data.get("zip") and data.get("state") == ONLINE_PLACE:
            unused.append(
                f"We did not use ZIP code {data['zip']}: “Online (any state)” shows online programs "
                "from every state, wherever you live."
            )
        return unused

    def search_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "pathway": data["education"],
            "state": data["state"],
            "format": data["format"],
            "zip": data["zip"],
            "radius": data["radius"],
            "unstated": data["unstated"],
        }
