"""The self-service page where staff set up two-factor sign-in and get recovery codes."""

import django_otp
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from careersite.two_factor.forms import DeviceConfirmForm
from careersite.two_factor.services import (
    two_factor_app_device,
    two_factor_enable,
    two_factor_new_recovery_codes,
    two_factor_pending_device,
    two_factor_qr_data_uri,
    two_factor_recovery_codes_left,
    two_factor_required,
    two_factor_secret_text,
)

TEMPLATE = "admin/two_factor/setup.html"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request, *, admin_site):
    """Set up an authenticator app (QR code, key, first code), then show recovery codes once.

    Reachable by any signed-in staff user, including those the admin sends here because the second
    factor is required and they have no device yet.
    """
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return redirect_to_login(
            request.get_full_path(), reverse("admin:login", current_app=admin_site.name)
        )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "sign_out":
        logout(request)
        return redirect("admin:login")
    request.current_app = admin_site.name
    context = {
        **admin_site.each_context(request),
        "title": "Two-factor sign-in",
        "required": two_factor_required(),
    }
    app_device = two_factor_app_device(user=user)
    if app_device is not None:
        if user.otp_device is None:
            # Set up earlier (or by an administrator), but this session signed in without a code.
            return TemplateResponse(
                request, TEMPLATE, {**context, "state": "needs_code"}
            )
        if action == "new_codes":
            codes = two_factor_new_recovery_codes(user=user)
            return TemplateResponse(
                request, TEMPLATE, {**context, "state": "codes", "codes": codes}
            )
        return TemplateResponse(
            request,
            TEMPLATE,
            {
                **context,
                "state": "on",
                "codes_left": two_factor_recovery_codes_left(user=user),
            },
        )

    device = two_factor_pending_device(user=user)
    form = DeviceConfirmForm(
        request.POST if action == "confirm" else None, user=user, device=device
    )
    if action == "confirm" and form.is_valid():
        codes = two_factor_enable(device=device)
        # This session now counts as signed in with the second factor.
        django_otp.login(request, device)
        context["has_permission"] = admin_site.has_permission(request)
        return TemplateResponse(
            request,
            TEMPLATE,
            {**context, "state": "codes", "codes": codes, "just_enabled": True},
        )
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            **context,
            "state": "setup",
            "form": form,
            "qr_code": two_factor_qr_data_uri(device=device),
            "secret": two_factor_secret_text(device=device),
            "account_name": user.get_username(),
        },
    )
