"""The admin sign-in form with a second-factor code, and the form that confirms a new authenticator app."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django_otp import user_has_device, verify_token
from django_otp.forms import OTPAuthenticationFormMixin

from careersite.two_factor.services import two_factor_device_for_code, two_factor_wait

# One answer for a wrong password and for a right password with a wrong, missing or throttled code, so the
# sign-in page never tells anyone that they have the password.
SIGN_IN_REFUSED = (
    "Please enter the correct username and password for a staff account, and the "
    "current code from your authenticator app (or a recovery code) if you have set "
    "one up. Note that the username and password are case-sensitive."
)

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
    they may go on or must set up a device first (access.py).
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
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": SIGN_IN_REFUSED,
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
            if device is None or two_factor_wait(device=device):
                self._refuse()
            # django-otp verifies against the device named in otp_device.
            cleaned_data["otp_device"] = device.persistent_id
            try:
                self.clean_otp(user)
            except forms.ValidationError:
                self._refuse()
        return cleaned_data

    def _refuse(self):
        """Refuse a right password whose code failed exactly as a wrong password: same message, and one more
        failure for django-axes (which counts the failures authenticate() reports)."""
        self.user_cache = None
        # django-otp shows a right password again after a wrong code; a wrong password is never shown.
        self.fields["password"].widget.render_value = False
        user_login_failed.send(
            sender=__name__,
            credentials={
                "username": self.cleaned_data.get("username"),
                "password": "********************",
            },
            request=self.request,
        )
        raise self.get_invalid_login_error()


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
        if two_factor_wait(device=self.device):
            raise forms.ValidationError(TOO_MANY_TRIES, code="throttled")
        if verify_token(self.user, self.device.persistent_id, code) is None:
            raise forms.ValidationError(
                "That code was not accepted. Check that the app's clock is right and "
                "enter the code it shows now.",
                code="invalid",
            )
        return code
