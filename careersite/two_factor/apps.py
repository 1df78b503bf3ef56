from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """django.contrib.admin with our admin site as `admin.site`, so every app registers on it."""

    default_site = "careersite.two_factor.site.StaffAdminSite"
