"""The admin sign-in form with a second-factor code, and the form that confirms a new authenticator app."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django_otp import user_has_device, verify_token
from django_otp.forms import OTPAuthenticationFormMixin

from careersite.two_factor.services import two_factor_device_for_code

WRONG_CODE = (
    "That code was not accepted. Enter the current 6-digit code from your "
    "authenticator app, or one of your unused recovery codes."
)
TOO_MANY_TRIES = (
    "Too many wrong codes in a row: wait a little before you try again (each "
    "wrong code makes the wait longer). "
    "If it keeps happening, ask a site administrator."
)


def _code_widget(**attrs) -> forms.TextInput:
    return forms.TextInput(
        attrs={
            "autocomplete": "one-time-code",
            "autocapitalize": "none",
            "spellcheck": "false",
            **attrs,
        }
    )


def _normalized_code(value: str) -> str:
    # Apps show "123 456"; recovery codes are lowercase letters and digits.
    return "".join(value.split()).lower()


class StaffSignInForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """Username, password and, for staff who have set up two-factor sign-in, a code.

    Staff without a confirmed device sign in with their password; the admin site then decides whether
    they may go on or must set up a device first (site.py).
    """

    otp_token = forms.CharField(
        label="Two-factor code",
        required=False,
        max_length=20,
        widget=_code_widget(),
        help_text=(
            "The 6-digit code from your authenticator app, or one of your recovery "
            "codes. Leave it empty if you have not set up two-factor sign-in yet."
        ),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": (
            "Enter the 6-digit code from your authenticator app, or a recovery code."
        ),
        "invalid_token": WRONG_CODE,
        "device_required": WRONG_CODE,
        "n_failed_attempts": TOO_MANY_TRIES,
        "verification_not_allowed": TOO_MANY_TRIES,
    }

    def clean_otp_token(self):
        return _normalized_code(self.cleaned_data["otp_token"])

    def clean(self):
        # Username, password, active staff: Django's checks, with django-axes counting failures.
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            device = two_factor_device_for_code(
                user=user, code=cleaned_data.get("otp_token", "")
            )
            # django-otp verifies against the device named in otp_device (and throttles it).
            cleaned_data["otp_device"] = device.persistent_id if device else ""
            self.clean_otp(user)
        return cleaned_data


class DeviceConfirmForm(forms.Form):
    """The first code from a newly added authenticator app, which proves the app shows the right codes."""

    code = forms.CharField(
        label="Code from your app",
        max_length=20,
        widget=_code_widget(inputmode="numeric"),
        help_text="The 6-digit code your authenticator app shows for this site.",
    )

    def __init__(self, *args, user, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device

    def clean_code(self):
        code = _normalized_code(self.cleaned_data["code"])
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(TOO_MANY_TRIES, code="throttled")
        if verify_token(self.user, self.device.persistent_id, code) is None:
            raise forms.ValidationError(
                "That code was not accepted. Check that the app's clock is right and "
                "enter the code it shows now.",
                code="invalid",
            )
        return code
