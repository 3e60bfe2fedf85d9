"""No two active bookings may overlap: triggers on SQLite (``leads.db_guard``).

PostgreSQL's exclusion constraint is declared on the model and added by migration 0004;
btree_gist stays installed here for databases that already have it.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations


def install(apps, schema_editor):
    from leads.db_guard import install as install_guard

    install_guard(schema_editor.connection)


def uninstall(apps, schema_editor):
    from leads.db_guard import uninstall as uninstall_guard

    uninstall_guard(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("leads", "0001_initial")]

    operations = [
        # A no-op on databases other than PostgreSQL.
        BtreeGistExtension(),
        migrations.RunPython(install, uninstall),
    ]
