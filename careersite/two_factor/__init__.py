"""Staff sign-in with a second factor: django-otp's TOTP devices, with recovery codes as static tokens.

access.py says who may enter the admin site and where a staff user without a device is sent, forms.py holds the
sign-in and confirmation forms, services.py the device writes, views.py the self-service setup page. The admin site
that uses them is careersite.admin_site.
"""
