"""PostgreSQL only: each search entry carries a copy of its page's publication state.

A search used to join its matches to the published pages: at 20,000 articles, building a
hash of every published article on each query was a third of the ranking statement. The
entry now holds ``page_status`` and ``page_published_at``, kept by triggers so they can't
drift from the page, whatever writes it:

* ``BEFORE INSERT OR UPDATE`` of an entry copies them from its article or hub;
* ``AFTER UPDATE`` of an article's or hub's status or publish time (a ``save()``, a
  ``QuerySet.update()``, plain SQL) copies them to its entry, in the same statement.

Existing entries are filled once. SQLite's engine joins its FTS5 matches to the pages
through covering indexes, cheaply, and leaves both columns empty; they are nullable so
that SQLite adds them in place (a rebuilt table would lose the FTS5 triggers of 0007).
"""

from django.db import migrations, models

ENTRY = "articles_searchentry"
PAGES = {"article_id": "articles_article", "hub_id": "articles_hub"}

FORWARD = [
    f"""CREATE OR REPLACE FUNCTION {ENTRY}_copy_publication() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.article_id IS NOT NULL THEN
            SELECT status, published_at INTO NEW.page_status, NEW.page_published_at
              FROM articles_article WHERE id = NEW.article_id;
        ELSE
            SELECT status, published_at INTO NEW.page_status, NEW.page_published_at
              FROM articles_hub WHERE id = NEW.hub_id;
        END IF;
        RETURN NEW;
    END $$""",
    f"CREATE TRIGGER {ENTRY}_publication BEFORE INSERT OR UPDATE ON {ENTRY} "
    f"FOR EACH ROW EXECUTE FUNCTION {ENTRY}_copy_publication()",
]
for link, table in PAGES.items():
    FORWARD += [
        f"""CREATE OR REPLACE FUNCTION {table}_publication_to_search() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {ENTRY} SET page_status = NEW.status, page_published_at = NEW.published_at
             WHERE {link} = NEW.id;
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER {table}_publication_to_search AFTER UPDATE OF status, published_at ON {table} "
        "FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status "
        "OR OLD.published_at IS DISTINCT FROM NEW.published_at) "
        f"EXECUTE FUNCTION {table}_publication_to_search()",
    ]
# Entries written before this migration (the BEFORE UPDATE trigger does the copying).
FORWARD.append(f"UPDATE {ENTRY} SET page_status = NULL")  # noqa: S608 - a constant

BACKWARD = [f"DROP TRIGGER IF EXISTS {ENTRY}_publication ON {ENTRY}", f"DROP FUNCTION IF EXISTS {ENTRY}_copy_publication()"]
for table in PAGES.values():
    BACKWARD += [
        f"DROP TRIGGER IF EXISTS {table}_publication_to_search ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_publication_to_search()",
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
        ("articles", "0010_author_is_default"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="page_status",
            field=models.CharField(editable=False, max_length=10, null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="page_published_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
