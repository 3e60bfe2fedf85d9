"""The stored parts of an article's public page (see ``articles.page_parts``)."""

from __future__ import annotations

from django.db import models

from .article import Article


class ArticlePageParts(models.Model):
    """An article's public page as rendered for readers, minus the site's frame.

    Derived data, like ``Article.body_html``: written by ``articles.page_parts`` when a
    reader first asks for the page, marked stale (``release = ""``) whenever something
    the page shows changes, and never edited by hand.
    """

    # Writes to this table change nothing a reader sees by themselves: the page cache
    # does not treat them as content changes (mindlab.pagecache).
    derived_content = True

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="page_parts"
    )
    head = models.TextField(help_text="<title>, description, canonical link, social tags and JSON-LD.")
    breadcrumbs = models.TextField()
    main = models.TextField(help_text="Everything inside <main>.")
    listed_article_ids = models.TextField(
        default=",",
        help_text="Articles this page lists (related reading) as “,12,40,”: their edits make it stale.",
    )
    release = models.CharField(
        max_length=32,
        db_index=True,
        help_text="Fingerprint of the code and settings that rendered it; empty = stale.",
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="The next scheduled publication anywhere: the page may change then."
    )
    rendered_at = models.DateTimeField()

    class Meta:
        verbose_name = "stored article page"
        verbose_name_plural = "stored article pages"

    def __str__(self) -> str:
        return f"Stored page of article {self.article_id}"
