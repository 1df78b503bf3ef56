from decimal import Decimal

from django import forms

from articles.careers.eligibility import Credential, answer_contradictions
from articles.careers.pay import COMPARE_MAX
from careersite.education import HighestEducation
from careersite.geo import ZIP_RE, zip_point

YES_NO = [("yes", "Yes"), ("no", "No")]
# Values of links bookmarked before the checker shared the finder's vocabulary.
OLD_EDUCATION_VALUES = {"less_than_high_school": HighestEducation.NO_DIPLOMA}


class EligibilityForm(forms.Form):
    education = forms.ChoiceField(
        label="Highest education completed",
        choices=HighestEducation.choices,
        widget=forms.RadioSelect,
    )
    credentials = forms.MultipleChoiceField(
        label="Credentials you hold",
        choices=Credential.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked if you hold none.",
    )
    experience_years = forms.DecimalField(
        label="Years of coding experience",
        min_value=Decimal(0),
        max_value=Decimal(50),
        max_digits=4,
        decimal_places=2,
        # A text box, so a wrong answer such as "two" is shown back as typed (a number input cannot hold it).
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text="Work directly applying diagnosis and procedure codes. Use decimals for part years: 1.5 is a year and a half.",
    )
    coursework = forms.TypedChoiceField(
        label="Have you completed coding training coursework?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="Anatomy and physiology, pathophysiology, pharmacology, medical terminology, reimbursement methodology, ICD and CPT/HCPCS coding.",
    )
    cahiim_degree = forms.TypedChoiceField(
        label="Do you hold a degree from a CAHIIM-accredited program?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, data=None, *args, **kwargs):
        # Mapped before binding, so an old link is answered and its choice shows as ticked.
        if data is not None and data.get("education") in OLD_EDUCATION_VALUES:
            data = data.copy()
            data["education"] = OLD_EDUCATION_VALUES[data["education"]]
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for field, message in answer_contradictions(cleaned).items():
            self.add_error(field, message)
        return cleaned


class ZipPayForm(forms.Form):
    zip = forms.CharField(
        label="ZIP code",
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "size": 10}
        ),
        help_text="Five digits, e.g. 43210.",
    )

    def clean_zip(self):
        value = self.cleaned_data["zip"].strip()
        if not ZIP_RE.match(value):
            raise forms.ValidationError("Enter a five-digit ZIP code, such as 43210.")
        value = value[:5]
        if zip_point(value) is None:
            raise forms.ValidationError(
                f"We do not know ZIP code {value}. Check it and try again."
            )
        return value


class PayCompareForm(forms.Form):
    """Up to five places, each typed or picked by name (or given by slug in a shared link)."""

    a = forms.Field(required=False)

    def __init__(self, data=None, *, places: dict[str, object]):
        # `places` maps a place's slug and its lower-case name to the place.
        super().__init__(data)
        self.places = places

    def clean_a(self):
        values = [" ".join(v.split()) for v in self.data.getlist("a") if v.strip()]
        values = list(dict.fromkeys(values))
        unknown = [v for v in values if self._find(v) is None]
        if unknown:
            raise forms.ValidationError(
                "We do not know "
                + ", ".join(f"“{value[:60]}”" for value in unknown)
                + ": choose a place from the list (the nation, a state or a metropolitan area)."
            )
        chosen = list(dict.fromkeys(self._find(v) for v in values))
        if len(chosen) > COMPARE_MAX:
            raise forms.ValidationError(
                f"You chose {len(chosen)} places; compare up to {COMPARE_MAX} at a time. "
                "Remove some and try again."
            )
        return chosen

    def _find(self, value: str):
        return self.places.get(value) or self.places.get(value.lower())
