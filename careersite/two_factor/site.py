"""The admin site, with django-otp's rule for who may enter.

With two-factor sign-in required (DJANGO_ADMIN_REQUIRE_2FA, on in production), only staff verified by a
device in this session get in, as with django_otp.admin.OTPAdminSite. Staff who sign in with a password and
have no device yet are signed in for one page only, the setup page, until they confirm a device there.
Without the requirement, a password is enough, and staff who have set up a device still need its code to
sign in (the sign-in form asks for it).
"""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path
from django_otp import user_has_device

from careersite.editorial.admin import EditorialScreensMixin
from careersite.two_factor import views
from careersite.two_factor.forms import StaffSignInForm
from careersite.two_factor.services import two_factor_required


def staff_may_enter(request) -> bool:
    """Active staff who have passed the second factor when it is required."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    if not two_factor_required():
        return True
    # Set by django_otp's OTPMiddleware (and by its login() right after a sign-in with a code).
    return getattr(user, "otp_device", None) is not None


def staff_must_set_up_device(request) -> bool:
    """Signed-in staff who cannot enter because they have no confirmed device yet."""
    user = request.user
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not staff_may_enter(request)
        and not user_has_device(user, confirmed=True)
    )


class StaffAdminSite(EditorialScreensMixin, admin.AdminSite):
    # The header and the browser tab name the site, not "Django administration".
    site_header = f"{settings.SITE_NAME} admin"
    site_title = f"{settings.SITE_NAME} admin"
    login_form = StaffSignInForm
    login_template = "admin/two_factor/login.html"

    def has_permission(self, request):
        return staff_may_enter(request)

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        # Right after a password-only sign-in, or when such a user comes back to the sign-in page.
        if staff_must_set_up_device(request):
            return redirect("admin:two_factor")
        return response

    def get_urls(self):
        return [
            path(
                "two-factor/",
                views.two_factor_setup,
                {"admin_site": self},
                name="two_factor",
            ),
            *super().get_urls(),
        ]
