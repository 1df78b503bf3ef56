"""Who may enter the admin site, with django-otp's rule for the second factor.

With two-factor sign-in required (DJANGO_ADMIN_REQUIRE_2FA, on in production), only staff verified by a
device in this session get in, as with django_otp.admin.OTPAdminSite. Staff who sign in with a password and
have no device yet are signed in for one page only, the setup page, until they confirm a device there.
Without the requirement, a password is enough, and staff who have set up a device still need its code to
sign in (the sign-in form asks for it).
"""

from django_otp import user_has_device

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
