"""Keeping the index current: re-index a page when it, a takeaway or an FAQ changes."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_migrate, post_save

from ..models import FAQ, Article, Hub, SearchEntry, Takeaway
from .indexing import index_article, index_hub, rebuild_index


def _article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_article(instance)


def _hub_saved(sender, instance: Hub, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_hub(instance)


def _part_changed(sender, instance: Takeaway | FAQ, raw: bool = False, origin=None, **kwargs) -> None:
    """A takeaway or FAQ changed: re-index its page (not when the page itself is being deleted)."""
    if raw:
        return
    origin_model = getattr(origin, "model", type(origin)) if origin is not None else sender
    if origin_model is not sender:
        return
    if isinstance(instance, Takeaway) or instance.article_id:
        article = Article.objects.filter(pk=instance.article_id).first()
        if article is not None:
            index_article(article)
    elif instance.hub_id:
        hub = Hub.objects.filter(pk=instance.hub_id).first()
        if hub is not None:
            index_hub(hub)


def _schema_is_current(state_apps) -> bool:
    """Whether the migrated schema has every column the indexing code reads and writes."""
    for model in (Article, Hub, SearchEntry, Takeaway, FAQ):
        try:
            migrated = state_apps.get_model(model._meta.app_label, model._meta.model_name)
        except LookupError:
            return False
        wanted = {f.column for f in model._meta.concrete_fields}
        if not wanted <= {f.column for f in migrated._meta.concrete_fields}:
            return False
    return True


def _index_missing_after_migrate(sender, using: str = "default", apps=None, **kwargs) -> None:
    """After ``migrate``: index pages that have no entry yet (existing content, first install)."""
    if sender.name == "articles" and using == "default" and apps is not None and _schema_is_current(apps):
        rebuild_index(only_missing=True)


def connect_signals() -> None:
    """Called once from ``ArticlesConfig.ready``."""
    post_save.connect(_article_saved, sender=Article, dispatch_uid="search-article-saved")
    post_save.connect(_hub_saved, sender=Hub, dispatch_uid="search-hub-saved")
    for model in (Takeaway, FAQ):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"search-{model.__name__}-saved")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"search-{model.__name__}-deleted")
    post_migrate.connect(_index_missing_after_migrate, dispatch_uid="search-index-missing")
