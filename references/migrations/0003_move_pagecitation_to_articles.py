"""``PageCitation`` now belongs to articles (``articles.0006_pagecitation``).

State only: the table and its rows are untouched here; articles' migration declares the
model over the existing table and renames it. References depends on nothing of articles
for this: run in either order, the table ends up with articles.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("references", "0002_in_text_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PageCitation")],
            database_operations=[],
        ),
    ]
