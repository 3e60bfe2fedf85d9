from django.apps import AppConfig


class MindlabConfig(AppConfig):
    name = "mindlab"
    verbose_name = "MindLAB site"

    def ready(self) -> None:
        from mindlab import pagecache

        # In every process (web, commands, workers), so any edit invalidates cached pages.
        pagecache.connect_signals()
