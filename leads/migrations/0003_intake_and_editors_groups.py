"""The "Intake" and "Editors" groups; their permissions are synced after every migrate."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from leads.permissions import sync_groups

    sync_groups(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0002_booking_overlap_guard"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
