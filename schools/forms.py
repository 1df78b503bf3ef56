"""Input validation: the finder's query parameters and one row of the programs CSV."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.validators import MinValueValidator, URLValidator
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from careersite.geo import ZIP_RE, zip_point
from careersite.states import STATE_CHOICES, STATES
from schools.models import EducationPathway, Program
from schools.selectors import ONLINE_PLACE
from schools.validators import (
    NEXT_REVIEW_FORMAT,
    program_facts_errors,
    validate_percentage,
    validate_year,
)

DEFAULT_RADIUS = 50
MAX_RADIUS = 500
MAX_PAGE = 10_000

WEB_URL = URLValidator(schemes=["http", "https"])
TRUE_WORDS = {"1", "true", "yes", "y", "t"}
FALSE_WORDS = {"0", "false", "no", "n", "f"}


class FastSelect(forms.Select):
    """The same markup as forms.Select, built in Python: one template per option costs ~8 ms for 57 states."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"],
                    mark_safe(" selected") if option["selected"] else "",
                    option["label"],
                )
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            options,
        )


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
        widget=FastSelect,
        label="What is your highest level of education?",
        error_messages={
            "required": "Choose your highest level of education.",
            "invalid_choice": "Choose one of the listed levels of education.",
        },
    )
    state = PlaceChoiceField(
        widget=FastSelect,
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
        widget=FastSelect,
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


class CsvNumberField(forms.DecimalField):
    """A number as a spreadsheet shows it: "$1,250.00" is 1250.00 and "85%" is 85."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("$").removesuffix("%").replace(",", "")
        return super().to_python(value)


def _year() -> forms.IntegerField:
    return forms.IntegerField(
        required=False,
        validators=[validate_year],
        error_messages={"invalid": "Enter a four-digit year, such as 2024."},
    )


def _rate() -> CsvNumberField:
    return CsvNumberField(
        required=False,
        max_digits=5,
        decimal_places=1,
        validators=[validate_percentage],
        error_messages={
            "invalid": "Enter a percentage from 0 to 100, such as 85 or 85.5."
        },
    )


def _dollars() -> CsvNumberField:
    return CsvNumberField(
        required=False,
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        error_messages={
            "invalid": "Enter an amount in US dollars, such as 250 or 1250.50."
        },
    )


def _source() -> forms.URLField:
    return forms.URLField(
        max_length=1000, required=False, assume_scheme="https", validators=[WEB_URL]
    )


def _choice(choices) -> forms.ChoiceField:
    return forms.ChoiceField(choices=[("", ""), *choices], required=False)


class ProgramRowForm(forms.Form):
    """One row of the programs CSV (import, export and the admin import use the same rules)."""

    institution = forms.CharField(max_length=200)
    program_name = forms.CharField(max_length=200)
    level = forms.ChoiceField(choices=Program.Level.choices)
    discipline = forms.ChoiceField(choices=Program.Discipline.choices)
    city = forms.CharField(max_length=100, required=False)
    state = forms.CharField(max_length=2)
    delivery = forms.ChoiceField(choices=Program.Delivery.choices, required=False)
    program_url = forms.URLField(
        max_length=1000, required=False, assume_scheme="https", validators=[WEB_URL]
    )
    source_url = forms.URLField(
        max_length=1000, assume_scheme="https", validators=[WEB_URL]
    )
    source_note = forms.CharField(required=False, max_length=2000)
    accreditation_status = forms.ChoiceField(
        choices=Program.Status.choices, required=False
    )
    last_verified_on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
    )
    postal_code = forms.CharField(max_length=10, required=False)
    website = forms.URLField(
        max_length=500, required=False, assume_scheme="https", validators=[WEB_URL]
    )
    active = forms.CharField(required=False)
    source_year = _year()
    next_review = forms.CharField(
        max_length=20, required=False, validators=[NEXT_REVIEW_FORMAT]
    )
    # Program facts: the same fields and rules as the admin form (Program.clean).
    graduation_rate = _rate()
    graduation_rate_year = _year()
    graduation_rate_source_url = _source()
    employment_rate = _rate()
    employment_rate_year = _year()
    employment_rate_source_url = _source()
    exam_pass_rate = _rate()
    exam_pass_rate_exam = UpperChoiceField(
        choices=[("", ""), *Program.Exam.choices], required=False
    )
    exam_pass_rate_year = _year()
    exam_pass_rate_source_url = _source()
    tuition_amount = _dollars()
    tuition_basis = _choice(Program.TuitionBasis.choices)
    tuition_residency = _choice(Program.Residency.choices)
    tuition_out_of_state_amount = _dollars()
    tuition_year = _year()
    tuition_source_url = _source()
    length_credits = CsvNumberField(
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=1,
        error_messages={"invalid": "Enter the number of credits, such as 64."},
    )
    length_months = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=120,
        error_messages={"invalid": "Enter a whole number of months, such as 24."},
    )
    length_year = _year()
    length_source_url = _source()
    practice_on_site = forms.CharField(required=False)
    practice_on_site_year = _year()
    practice_on_site_source_url = _source()

    def clean_state(self):
        code = self.cleaned_data["state"].upper()
        if code not in STATES:
            raise forms.ValidationError(
                f"'{code}' is not a US state or territory code."
            )
        return code

    def clean_last_verified_on(self):
        value = self.cleaned_data["last_verified_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The verification date is in the future.")
        return value

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"]
        if code and not ZIP_RE.match(code):
            raise forms.ValidationError("Enter a 5-digit ZIP code (or ZIP+4).")
        if code and zip_point(code) is None:
            raise forms.ValidationError(f"ZIP code {code} does not exist.")
        return code

    def clean_active(self):
        word = self.cleaned_data["active"].lower()
        if word in TRUE_WORDS or word == "":
            return True
        if word in FALSE_WORDS:
            return False
        raise forms.ValidationError("Use true or false.")

    def clean_accreditation_status(self):
        return self.cleaned_data["accreditation_status"] or Program.Status.ACCREDITED

    def clean_practice_on_site(self):
        word = self.cleaned_data["practice_on_site"].lower()
        if word == "":
            return None
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
        raise forms.ValidationError(
            "Use true (in person at a healthcare site), false (can be done remotely) or leave it blank."
        )

    def clean(self):
        data = super().clean()
        for name, messages in program_facts_errors(data).items():
            # A field that failed its own rule already says what is wrong with it.
            if name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        return data
