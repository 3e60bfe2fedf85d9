"""Move ``PageCitation`` (which works a page lists) from the references app to articles.

The rows stay where they are: the model's state moves, the table is renamed.

1. ``SeparateDatabaseAndState`` declares the model in articles' state over the existing
   table ``references_pagecitation`` (no SQL).
2. ``AlterModelTable`` renames that table to ``articles_pagecitation`` (one ``ALTER TABLE
   ... RENAME``; rows, ids, constraints and foreign keys are kept as they are).
3. The content type ``references.pagecitation`` becomes ``articles.pagecitation``, so the
   permissions given to groups and users follow the model.

``references.0003_move_pagecitation_to_articles`` drops the model from references' state
(no SQL either). Backwards, every step is undone: the table is renamed back and the
content type returns to references, which then owns the table again.
"""

import django.db.models.deletion
from django.db import migrations, models


def _move_content_type(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=target, model="pagecitation").exists():
        return  # already there (an earlier round trip); the stale one is left to remove_stale_contenttypes
    ContentType.objects.filter(app_label=source, model="pagecitation").update(app_label=target)
    ContentType.objects.clear_cache()


def content_type_to_articles(apps, schema_editor) -> None:
    _move_content_type(apps, "references", "articles")


def content_type_to_references(apps, schema_editor) -> None:
    _move_content_type(apps, "articles", "references")


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0005_delete_article_page_parts"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("references", "0002_in_text_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PageCitation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("cited", "Cited in the text"), ("further", "Further reading")], default="further", max_length=10)),
                        ("article", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="citation_links", to="articles.article")),
                        ("citation", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="page_links", to="references.citation")),
                        ("hub", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="citation_links", to="articles.hub")),
                    ],
                    options={
                        "db_table": "references_pagecitation",
                        "verbose_name": "reference on a page",
                        "verbose_name_plural": "references on pages",
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(models.Q(("article__isnull", False), ("hub__isnull", True)), models.Q(("article__isnull", True), ("hub__isnull", False)), _connector="OR"), name="pagecitation_on_exactly_one_page", violation_error_message="A reference belongs to exactly one article or one hub."),
                            models.UniqueConstraint(condition=models.Q(("article__isnull", False)), fields=("citation", "article", "kind"), name="pagecitation_unique_on_article", violation_error_message="This work is already listed on this article."),
                            models.UniqueConstraint(condition=models.Q(("hub__isnull", False)), fields=("citation", "hub", "kind"), name="pagecitation_unique_on_hub", violation_error_message="This work is already listed on this hub."),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="pagecitation", table=None),
        migrations.RunPython(content_type_to_articles, content_type_to_references),
    ]
