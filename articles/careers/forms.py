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
    a = forms.MultipleChoiceField(
        label="Places to compare",
        required=False,
        help_text="Choose up to five: the nation, states or metropolitan areas.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"].choices = choices

    def clean_a(self):
        chosen = list(dict.fromkeys(self.cleaned_data["a"]))
        if len(chosen) > COMPARE_MAX:
            raise forms.ValidationError(
                f"You chose {len(chosen)} places; compare up to {COMPARE_MAX} at a time. "
                "Remove some and try again."
            )
        return chosen
