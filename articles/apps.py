from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Editorial content"

    def ready(self) -> None:
        from . import citations, image_alt, renditions, search

        search.connect_signals()
        renditions.connect_signals()
        citations.connect()
        image_alt.connect()
