from django.apps import AppConfig


class MindlabConfig(AppConfig):
    name = "mindlab"
    verbose_name = "MindLAB site"
