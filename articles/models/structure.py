"""The site's hierarchy: pillars hold hubs, hubs hold articles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField

from articles.image_alt import undescribed_image_problems
from articles.markdown import reading_minutes
from mindlab.plain_text import RefusesControlCharacters

from .call_to_action import OwnCallToAction
from .people import Author, HasCoauthors
from .publishing import MarkdownSourcesMixin, Publishable
from .redirects import KeepsOldSlugs


def pillar_display_name(number: int, name: str) -> str:
    """A pillar's one name everywhere: "Pillar 4 — Stress, Resilience & Regulation"."""
    return f"Pillar {number} — {name}"


def hub_display_name(name: str, title: str) -> str:
    """The hub's short name where it is named (breadcrumbs, lists); its headline if it has none."""
    return name.strip() or title


class Pillar(RefusesControlCharacters, KeepsOldSlugs, MarkdownSourcesMixin, models.Model):
    """One of a small, numbered set of top-level themes."""

    slug_kind = "pillar"
    markdown_fields = {"intro": "intro_html"}

    number = models.PositiveSmallIntegerField(unique=True, help_text="Shown as “Pillar 4”.")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    summary = models.CharField(
        max_length=300, blank=True, help_text="One sentence for lists and search results."
    )
    intro = MarkdownxField(blank=True)
    intro_html = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=models.Q(number__gte=1), name="pillar_number_positive"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("articles:pillar", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        return pillar_display_name(self.number, self.name)

    def clean(self) -> None:
        self.clean_markdown_fields()


class Hub(
    RefusesControlCharacters, KeepsOldSlugs, MarkdownSourcesMixin, HasCoauthors, OwnCallToAction, Publishable
):
    """A topic cluster inside one pillar; its page is an essay plus its articles."""

    slug_kind = "hub"
    markdown_fields = {"intro": "intro_html", "closing_text": "closing_html", "cta_text": "cta_html"}
    toc_field = "intro_toc"
    word_count_field = "word_count"
    cites_works = True

    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="hubs")
    position = models.PositiveIntegerField(default=0, help_text="Order within the pillar (lowest first).")
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The hub's short name: breadcrumbs, lists, “Executive FAQs: <name>”. "
        "Leave empty to use the headline.",
    )
    title = models.CharField(
        "headline", max_length=200, help_text="The hub page's own title (its essay's headline)."
    )
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(
        max_length=600, blank=True, help_text="One paragraph for lists, feeds and search."
    )
    intro = MarkdownxField(
        blank=True,
        help_text="The hub's essay: H2 sections with H3 subsections (## and ### in Markdown).",
    )
    intro_html = models.TextField(editable=False, blank=True)
    intro_toc = models.JSONField(editable=False, default=list, blank=True)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    closing_text = MarkdownxField(
        blank=True, help_text="Optional Markdown shown after the hub's list of articles."
    )
    closing_html = models.TextField(editable=False, blank=True)
    author = models.ForeignKey(Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="hubs")
    disclaimer = models.TextField(blank=True, help_text="Leave empty to use the site's standard disclaimer.")
    seo_title = models.CharField("SEO title", max_length=70, blank=True)
    seo_description = models.CharField("SEO description", max_length=160, blank=True)

    class Meta:
        ordering = ["pillar__number", "position", "title"]
        indexes = [models.Index(fields=["pillar", "position"], name="hub_pillar_position")]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("articles:hub", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        return hub_display_name(self.name, self.title)

    @property
    def reading_time(self) -> int:
        return reading_minutes(self.word_count)

    def publishing_problems(self, stored_answers: bool = True) -> list[str]:
        problems = []
        if not self.summary.strip():
            problems.append("Add a summary: readers see it in lists, feeds and search results.")
        if not self.intro.strip():
            problems.append("Write the hub's introduction before publishing it.")
        problems += undescribed_image_problems(self, stored_answers)
        return problems

    def clean(self) -> None:
        self.clean_markdown_fields()
        if self.status == "published" and not self.validating_draft:
            # The admin's FAQ formset checks the answers being submitted.
            problems = self.publishing_problems(stored_answers=False)
            if problems:
                raise ValidationError(problems)
