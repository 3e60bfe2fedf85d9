from django.apps import AppConfig


class MindlabConfig(AppConfig):
    name = "mindlab"
    verbose_name = "MindLAB site"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from mindlab import pagecache, site

        # In every process (web, commands, workers), so any edit invalidates cached pages.
        pagecache.connect_signals()
        site.connect_signals()
        # A release migrates: its pages are rendered anew even when RELEASE is not set.
        post_migrate.connect(lambda **kwargs: pagecache.invalidate(), sender=self, weak=False)
