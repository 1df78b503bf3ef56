from django.conf import settings

from schools.models import CAHIIM_DIRECTORY_URL


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "CAHIIM_DIRECTORY_URL": CAHIIM_DIRECTORY_URL,
    }
