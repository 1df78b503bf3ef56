"""Article.toc: the table of contents, stored with the rendered body on every save.

Article.save() already stores the body sanitised with ids on its H2 headings; the article page
then read the headings back out of it on every request. Existing rows get their table of
contents here, from the same function the model's save uses.
"""

from django.db import migrations, models

from articles.toc import table_of_contents


def fill_toc(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    articles = list(Article.objects.only("pk", "body"))
    for article in articles:
        article.toc = [
            {"anchor": heading.anchor, "text": heading.text}
            for heading in table_of_contents(article.body)
        ]
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
