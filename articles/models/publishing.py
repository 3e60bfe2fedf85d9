"""What "published" means, in one place.

A page is visible to readers when its status is *published* and its publish time
has come. A future publish time means *scheduled*: nothing changes at that time,
the page simply starts matching ``published()``.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from articles.markdown import RENDERER_VERSION, MarkdownTooLong, render_markdown, validate_markdown
from articles.markdown_extensions import FOOTNOTE_PREFIX_KEY
from references.api import CITATIONS_ENV_KEY


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


def is_live(status: str, published_at: datetime | None, now: datetime | None = None) -> bool:
    """The rule for values read without their model (``published()`` is its SQL form)."""
    return status == Status.PUBLISHED and published_at is not None and published_at <= (now or timezone.now())


def published_q(now: datetime | None = None, prefix: str = "") -> models.Q:
    """The rule as a filter; ``prefix`` names copies of the fields (``"page_"`` on search entries)."""
    return models.Q(
        **{f"{prefix}status": Status.PUBLISHED, f"{prefix}published_at__lte": now or timezone.now()}
    )


class PublishableQuerySet(models.QuerySet):
    def published(self, now: datetime | None = None) -> PublishableQuerySet:
        return self.filter(published_q(now))

    def visible_to(self, user) -> PublishableQuerySet:
        """Drafts too (previews) for those who may see this kind of page in the admin; else published."""
        if may_preview(user, self.model):
            return self
        return self.published()


def may_preview(user, model: type[models.Model]) -> bool:
    """Whether ``user`` may see unpublished ``model`` pages: staff with its view or change permission.

    Being staff is not enough: the Intake coordinator signs in to the admin to follow up
    clients and has no business reading unpublished writing.
    """
    if user is None or not user.is_authenticated or not user.is_staff:
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


class Publishable(models.Model):
    """Status, publish time and the timestamps every page carries."""

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        db_index=True,
        help_text="When readers can first see it. A time in the future schedules it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()
    # Set by the admin while it validates a draft of a live page ("Save draft", autosave):
    # the draft is not what readers get, so what publishing needs is checked on "Publish".
    validating_draft = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return is_live(self.status, self.published_at)

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def publication_state(self) -> str:
        if self.is_published:
            return "published"
        if self.is_scheduled:
            return "scheduled"
        return "draft"

    def publish(self, when: datetime | None = None) -> None:
        """Mark as published now (or at ``when``); keeps an earlier publish time."""
        self.status = Status.PUBLISHED
        if when is not None:
            self.published_at = when
        elif self.published_at is None:
            self.published_at = timezone.now()

    def unpublish(self) -> None:
        self.status = Status.DRAFT


class MarkdownSourcesMixin(models.Model):
    """Render the model's Markdown fields on save and store the HTML beside them.

    ``markdown_fields`` maps a source field to the field holding its HTML; the first
    pair may also have a ``toc_field`` and a ``word_count_field``. ``rendered_version``
    records which renderer produced the stored HTML.
    """

    markdown_fields: dict[str, str] = {}
    toc_field: str | None = None
    word_count_field: str | None = None
    # Pages with a reference list read ``@key`` in their texts as a citation; other texts
    # (an author's bio, a pillar's intro) keep the at sign as written.
    cites_works: bool = False

    rendered_version = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.render_markdown_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            rendered = set(self.markdown_fields.values()) | {"rendered_version"}
            rendered |= {name for name in (self.toc_field, self.word_count_field) if name}
            kwargs["update_fields"] = set(update_fields) | rendered
        super().save(*args, **kwargs)

    def markdown_env(self) -> dict:
        """Per-page data for Markdown plugins (e.g. whether ``@key`` is a citation here)."""
        return {"page": self, CITATIONS_ENV_KEY: self.cites_works}

    def footnote_prefix(self, source_field: str, position: int) -> str | None:
        """What keeps this text's footnote ids apart from the other texts on its page."""
        return None if position == 0 else source_field.replace("_", "-")

    def markdown_render_env(self) -> dict:
        """``markdown_env`` plus what rendering needs: the works of the page's reference list,
        with that list's year suffixes, so in-text citations and the list agree."""
        env = self.markdown_env()
        page = env.get("page")
        if env.get(CITATIONS_ENV_KEY) and page is not None and getattr(page, "cites_works", False):
            from articles.citations import reference_list_works

            env["citations"] = reference_list_works(page, faq=env.get("faq"))
        return env

    def render_markdown_fields(self) -> None:
        env = self.markdown_render_env()
        for position, (source_field, html_field) in enumerate(self.markdown_fields.items()):
            field_env = {**env, FOOTNOTE_PREFIX_KEY: self.footnote_prefix(source_field, position)}
            rendered = render_markdown(getattr(self, source_field), field_env)
            setattr(self, html_field, rendered.html)
            if position == 0:
                if self.toc_field:
                    setattr(self, self.toc_field, rendered.toc_data)
                if self.word_count_field:
                    setattr(self, self.word_count_field, rendered.word_count)
        self.rendered_version = RENDERER_VERSION

    def clean_markdown_fields(self) -> None:
        errors = {}
        for source_field in self.markdown_fields:
            value = getattr(self, source_field) or ""
            if "\x00" in value:
                errors[source_field] = "This text contains a NUL character; remove it and save again."
                continue
            if len(value) > settings.MARKDOWN_MAX_CHARS:
                errors[source_field] = str(MarkdownTooLong(len(value), settings.MARKDOWN_MAX_CHARS))
                continue
            problems = validate_markdown(value, self.markdown_env())
            if problems:
                errors[source_field] = problems
        if errors:
            raise ValidationError(errors)
