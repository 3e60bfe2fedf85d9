"""Seed the one site-settings record with the values that were constants in mindlab/site.py."""

from django.db import migrations

from mindlab.site import DEFAULTS, render_markdown


def seed(apps, schema_editor):
    SiteSettings = apps.get_model("mindlab", "SiteSettings")
    if SiteSettings.objects.filter(pk=1).exists():
        return
    SiteSettings.objects.create(
        pk=1,
        **DEFAULTS,
        cta_html=render_markdown(DEFAULTS["cta_text"]),
        privacy_html=render_markdown(DEFAULTS["privacy_notice"]),
    )


class Migration(migrations.Migration):
    dependencies = [("mindlab", "0001_site_settings")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
