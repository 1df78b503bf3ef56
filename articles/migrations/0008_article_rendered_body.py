"""Article.toc: the table of contents, stored with the rendered body on every save.

Article.save() already stores the body sanitised with ids on its H2 headings; the article page
then read the headings back out of it on every request. Existing rows get their table of
contents here, read as articles/toc.py read it when this migration was written (frozen here: a
migration must not change when the runtime module does).
"""

import re
from html import unescape

from django.db import migrations, models
from django.utils.html import strip_tags

H2 = re.compile(r"<h2(?:\s[^>]*)?>(.*?)</h2>", re.IGNORECASE | re.DOTALL)
ID_ATTR = re.compile(r'\sid="([^"]*)"')


def table_of_contents(html):
    """[{anchor, text}] of the H2 headings that have an id."""
    headings = []
    for match in H2.finditer(html):
        anchor = ID_ATTR.search(match.group(0)[: match.group(0).find(">")])
        if anchor:
            text = " ".join(unescape(strip_tags(match.group(1))).split())
            headings.append({"anchor": anchor.group(1), "text": text})
    return headings


def fill_toc(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    articles = list(Article.objects.only("pk", "body"))
    for article in articles:
        article.toc = table_of_contents(article.body)
    Article.objects.bulk_update(articles, ["toc"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_article_autosave'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='toc',
            field=models.JSONField(blank=True, default=list, editable=False, help_text='The body\'s H2 headings as [{anchor, text}], set on every save.', verbose_name='table of contents'),
        ),
        migrations.RunPython(fill_toc, migrations.RunPython.noop),
    ]
