"""The "Intake" and "Editors" groups and their permissions, kept in sync after every migrate.

Editors get every permission of the content apps (including models added later) and may
edit the site settings; Intake gets every permission of ``leads``. Neither ever holds the other's.
"""

from __future__ import annotations

INTAKE = "Intake"
EDITORS = "Editors"
CONTENT_APPS = ("articles", "references")
LEAD_APPS = ("leads",)
INTAKE_EXTRA = (("django_tasks_database", "view_dbtaskresult"),)
# The site settings (default call to action and disclaimer, privacy notice) are editorial.
EDITORS_EXTRA = (("mindlab", "view_sitesettings"), ("mindlab", "change_sitesettings"))


def sync_groups(apps=None, using: str = "default") -> None:
    """Create both groups if missing and give each exactly its side's permissions (idempotent)."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    intake, _ = Group.objects.using(using).get_or_create(name=INTAKE)
    editors, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    perms = Permission.objects.using(using)

    lead_perms = perms.filter(content_type__app_label__in=LEAD_APPS)
    content_perms = perms.filter(content_type__app_label__in=CONTENT_APPS)
    extra = perms.none()
    for app_label, codename in INTAKE_EXTRA:
        extra = extra | perms.filter(content_type__app_label=app_label, codename=codename)

    editor_extra = perms.none()
    for app_label, codename in EDITORS_EXTRA:
        editor_extra = editor_extra | perms.filter(content_type__app_label=app_label, codename=codename)

    intake.permissions.add(*lead_perms, *extra)
    intake.permissions.remove(*content_perms, *editor_extra)
    editors.permissions.add(*content_perms, *editor_extra)
    editors.permissions.remove(*lead_perms, *extra)


def post_migrate_handler(sender, app_config=None, using: str = "default", apps=None, **kwargs) -> None:
    """After the last app's post_migrate: sync groups; on SQLite re-create the overlap triggers.

    SQLite drops a table's triggers when a migration rebuilds it; PostgreSQL's exclusion
    constraint is part of the schema (migration 0004) and needs nothing here.
    """
    from django.apps import apps as global_apps
    from django.db import connections

    configs = list(global_apps.get_app_configs())
    if sender is not configs[-1]:
        return
    sync_groups(using=using)
    from .db_guard import install

    install(connections[using])
