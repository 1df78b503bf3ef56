"""Program.search_text without accents, like the words a reader searches for (site search removes them).

The text is computed here, frozen: a migration must not import runtime modules.
"""

import unicodedata

from django.db import migrations

SEPARATOR = "\n"


def _without_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def forwards(apps, schema_editor):
    Program = apps.get_model("schools", "Program")
    changed = []
    for program in Program.objects.select_related("institution").only(
        "pk", "name", "search_text", "institution__name", "institution__city"
    ):
        institution = program.institution
        text = _without_accents(
            f"{program.name}{SEPARATOR}{institution.name}{SEPARATOR}{institution.city}"
        )
        if program.search_text != text:
            program.search_text = text
            changed.append(program)
    Program.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("schools", "0011_editors_keep_programs_current")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
