"""The admin site: its name, who may enter (careersite.two_factor.access), the two-factor sign-in and setup
pages, and the editors' screens (careersite.editorial.admin).

Installed as `admin.site` by careersite.apps.StaffAdminConfig, so every app registers on it.
"""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path

from careersite.editorial.admin import EditorialScreensMixin
from careersite.two_factor import views as two_factor_views
from careersite.two_factor.access import staff_may_enter, staff_must_set_up_device
from careersite.two_factor.forms import StaffSignInForm


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
                two_factor_views.two_factor_setup,
                {"admin_site": self},
                name="two_factor",
            ),
            *super().get_urls(),
        ]
