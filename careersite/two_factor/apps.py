"""django-otp's two device apps under the names editors and admins know them by in the admin's app list
(django-otp gives them none, so the admin showed "OTP_TOTP" and "OTP_STATIC")."""

from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDefaultConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDefaultConfig


class AuthenticatorAppsConfig(TOTPDefaultConfig):
    verbose_name = "Two-factor: authenticator apps"


class RecoveryCodesConfig(StaticDefaultConfig):
    verbose_name = "Two-factor: recovery codes"
