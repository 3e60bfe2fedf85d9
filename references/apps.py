from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    name = "references"
    verbose_name = "References"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from articles.markdown import register_plugin, register_validator
        from articles.models import FAQ, Article, Hub

        from .markdown import citation_problems, citations_plugin
        from .models import PageCitation
        from .signals import on_page_citation_changed
        from .sync import on_faq_changed, on_page_saved

        register_plugin(citations_plugin)
        register_validator(citation_problems)
        for model in (Article, Hub):
            post_save.connect(on_page_saved, sender=model, dispatch_uid=f"references-sync-{model.__name__}")
        post_save.connect(on_faq_changed, sender=FAQ, dispatch_uid="references-sync-faq-save")
        post_delete.connect(on_faq_changed, sender=FAQ, dispatch_uid="references-sync-faq-delete")
        post_save.connect(
            on_page_citation_changed, sender=PageCitation, dispatch_uid="references-page-link-saved"
        )
        post_delete.connect(
            on_page_citation_changed, sender=PageCitation, dispatch_uid="references-page-link-deleted"
        )
