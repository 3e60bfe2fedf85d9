"""PostgreSQL only: keep each entry's small ranking vector in its row, its lead out of it.

Ranking reads ``rank_vector`` (title and lead) for every match. Stored out of line (the
default for a value that makes the row wide), each read was a TOAST fetch: ~16 µs a match,
~0.3 s for a common word at 20,000 articles. ``MAIN`` keeps it in the row; ``EXTERNAL``
moves the lead (read only for the ten snippets of a page) out instead, so the rows a
search visits stay narrow. Existing values are rewritten once so they take the new
places. SQLite has no such columns in its FTS5 index (nothing to do).
"""

from django.db import migrations

TABLE = "articles_searchentry"
FORWARD = [
    f"ALTER TABLE {TABLE} ALTER COLUMN rank_vector SET STORAGE MAIN, ALTER COLUMN lead SET STORAGE EXTERNAL",
    f"UPDATE {TABLE} SET rank_vector = rank_vector || ''::tsvector, lead = lead || '' WHERE rank_vector IS NOT NULL",  # noqa: S608 - a constant
]
BACKWARD = [
    f"ALTER TABLE {TABLE} ALTER COLUMN rank_vector SET STORAGE EXTENDED, ALTER COLUMN lead SET STORAGE EXTENDED"
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_page_cta_hub_name_coauthors"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
