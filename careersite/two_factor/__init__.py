"""Staff sign-in with a second factor: django-otp's TOTP devices, with recovery codes as static tokens.

site.py is the admin site (who may enter, where a staff user without a device is sent), forms.py the sign-in and
confirmation forms, services.py the device writes, views.py the self-service setup page.
"""
