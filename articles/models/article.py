from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from articles.image_alt import undescribed_image_problems
from articles.markdown import reading_minutes
from mindlab import site
from mindlab.plain_text import RefusesControlCharacters

from .call_to_action import OwnCallToAction
from .people import Author, HasCoauthors
from .publishing import MarkdownSourcesMixin, Publishable, Status
from .redirects import KeepsOldSlugs
from .structure import Hub


class Article(
    RefusesControlCharacters, KeepsOldSlugs, MarkdownSourcesMixin, HasCoauthors, OwnCallToAction, Publishable
):
    """A long-form piece; belongs to at most one hub."""

    slug_kind = "article"
    markdown_fields = {
        "body": "body_html",
        "closing_summary": "closing_summary_html",
        "cta_text": "cta_html",
    }
    toc_field = "toc"
    word_count_field = "word_count"
    cites_works = True

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    subtitle = models.CharField(max_length=250, blank=True)
    hub = models.ForeignKey(
        Hub,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="Leave empty for a standalone article.",
    )
    position = models.PositiveIntegerField(
        "order in hub", default=0, help_text="Editorial order within the hub (lowest first)."
    )
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    summary = models.TextField(
        max_length=600,
        blank=True,
        help_text="One paragraph: shown in the hub, feeds and search results.",
    )
    body = MarkdownxField(blank=True)
    body_html = models.TextField(editable=False, blank=True)
    toc = models.JSONField(editable=False, default=list, blank=True)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    closing_summary = MarkdownxField(blank=True, help_text="The short summary that closes the article.")
    closing_summary_html = models.TextField(editable=False, blank=True)
    disclaimer = models.TextField(blank=True, help_text="Leave empty to use the site's standard disclaimer.")
    hero_image = models.ImageField(upload_to="heroes/%Y/%m/", blank=True)
    hero_alt = models.CharField(
        "hero image description",
        max_length=250,
        blank=True,
        help_text="Required with a hero image.",
    )
    hero_renditions = models.JSONField(
        editable=False,
        default=dict,
        blank=True,
        help_text="WebP renditions made on upload (articles.renditions).",
    )
    reviewed_by = models.ForeignKey(
        Author,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_articles",
        verbose_name="medically reviewed by",
        help_text="A credentialed author who checked the content.",
    )
    reviewed_at = models.DateField("review date", null=True, blank=True)
    seo_title = models.CharField("SEO title", max_length=70, blank=True)
    seo_description = models.CharField("SEO description", max_length=160, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["hub", "position"], name="article_hub_position"),
            models.Index(fields=["status", "published_at"], name="article_status_published"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:article", kwargs={"slug": self.slug})

    @property
    def reading_time(self) -> int:
        return reading_minutes(self.word_count)

    @property
    def effective_disclaimer(self) -> str:
        return self.disclaimer.strip() or site.DEFAULT_DISCLAIMER

    @property
    def review_is_visible(self) -> bool:
        """A complete medical review record (reviewer and date) that readers can see."""
        return self.reviewed_by_id is not None and self.reviewed_at is not None

    def clean_review(self) -> None:
        """A review names a credentialed reviewer and a date that has come."""
        if bool(self.reviewed_by_id) != bool(self.reviewed_at):
            raise ValidationError("A medical review needs both the reviewer and the review date.")
        if self.reviewed_at and self.reviewed_at > timezone.localdate():
            raise ValidationError({"reviewed_at": "The review date cannot be in the future."})
        if self.reviewed_by_id and not (self.reviewed_by.credentials or "").strip():
            raise ValidationError(
                {"reviewed_by": "The reviewer needs credentials on their author profile (e.g. “MD”, “PhD”)."}
            )

    def publishing_problems(self, stored_answers: bool = True) -> list[str]:
        """What a reader would miss if this went out now, in words an author understands."""
        problems = []
        if not self.summary.strip():
            problems.append("Add a summary: readers see it in the hub, in feeds and in search results.")
        if not self.body.strip():
            problems.append("The article has no body text yet.")
        if self.author_id is None:
            problems.append("Choose an author: every published article shows its author and bio.")
        if not self.effective_disclaimer.strip():
            problems.append("Add a disclaimer (there is no site default to fall back on).")
        if self.hero_image and not self.hero_alt.strip():
            problems.append("Describe the hero image (alt text) for readers who cannot see it.")
        problems += undescribed_image_problems(self, stored_answers)
        return problems

    def clean(self) -> None:
        self.clean_markdown_fields()
        self.clean_review()
        if self.status == Status.PUBLISHED and not self.validating_draft:
            # The admin's FAQ formset checks the answers being submitted.
            problems = self.publishing_problems(stored_answers=False)
            if problems:
                raise ValidationError(problems)
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": "Describe the hero image for readers who cannot see it."})


class Takeaway(RefusesControlCharacters, models.Model):
    """One short statement in an article's “Key Takeaways” box."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="takeaways")
    text = models.CharField(max_length=280)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="takeaway_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text
