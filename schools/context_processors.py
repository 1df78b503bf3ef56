"""What every template may link to from the schools app: CAHIIM's directory, where readers confirm a program."""

from schools.models import CAHIIM_DIRECTORY_URL


def cahiim(request):
    return {"CAHIIM_DIRECTORY_URL": CAHIIM_DIRECTORY_URL}
