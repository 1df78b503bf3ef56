"""One row of the programs CSV: import, export and the admin import use the same rules."""

from django import forms
from django.core.validators import MinValueValidator, URLValidator
from django.utils import timezone

from careersite.geo import ZIP_RE, zip_point
from careersite.states import STATES
from schools.forms.finder import UpperChoiceField
from schools.models import Program
from schools.validators import (
    NEXT_REVIEW_FORMAT,
    program_facts_errors,
    validate_percentage,
    validate_year,
)

WEB_URL = URLValidator(schemes=["http", "https"])
TRUE_WORDS = {"1", "true", "yes", "y", "t"}
FALSE_WORDS = {"0", "false", "no", "n", "f"}


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
