from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from markdownx.models import MarkdownxField

from mindlab.plain_text import RefusesControlCharacters

from .publishing import MarkdownSourcesMixin
from .redirects import KeepsOldSlugs


class Author(RefusesControlCharacters, KeepsOldSlugs, MarkdownSourcesMixin, models.Model):
    """A person who writes (or reviews) for the site; shown as schema.org ``Person``."""

    slug_kind = "author"
    markdown_fields = {"bio": "bio_html"}

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    credentials = models.CharField(
        max_length=200, blank=True, help_text="Degrees and qualifications, e.g. “PhD, CPsychol”."
    )
    job_title = models.CharField(max_length=120, blank=True)
    institutions = models.CharField(
        max_length=300,
        blank=True,
        help_text="Institutions they studied or work at, comma separated.",
    )
    short_bio = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences shown under every page they wrote.",
    )
    bio = MarkdownxField("long bio", blank=True)
    bio_html = models.TextField(editable=False, blank=True)
    photo = models.ImageField(upload_to="authors/", blank=True)
    photo_alt = models.CharField("photo description", max_length=200, blank=True)
    photo_renditions = models.JSONField(
        editable=False,
        default=dict,
        blank=True,
        help_text="WebP renditions made on upload (articles.renditions).",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The admin account this author signs in with, if any.",
    )
    # Site-wide, not part of the author's page: set by the admin action, outside revisions.
    is_default = models.BooleanField(
        "default author",
        default=False,
        editable=False,
        help_text="Signs imported pages that name no author.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="articles_author_one_default",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def name_with_credentials(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def make_default(self) -> None:
        """Make this the author who signs pages that name none (and no one else).

        Every author row is locked first, in one order, so editors choosing at the same
        moment take turns and the last choice wins. Without the lock, a choice that did not
        see another's uncommitted default broke the one-default constraint (an error page).
        """
        with transaction.atomic():
            list(Author.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
            Author.objects.filter(is_default=True).exclude(pk=self.pk).update(is_default=False)
            Author.objects.filter(pk=self.pk).update(is_default=True)
        self.is_default = True

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.clean_markdown_fields()
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": "Describe the photo for readers who cannot see it."})


class AuthorLink(RefusesControlCharacters, models.Model):
    """A profile elsewhere (university page, ORCID, LinkedIn...)."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=60)
    url = models.URLField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.url}"


class HasCoauthors:
    """``byline_authors``: the first author, then the co-authors (prefetched by the views).

    A preview of a draft sets ``coauthor_rows`` to the draft's rows instead.
    """

    coauthor_rows: list | None = None

    @property
    def byline_authors(self) -> list[Author]:
        people = [self.author] if self.author_id else []
        if self.coauthor_rows is not None:
            rows = self.coauthor_rows
        elif self.pk is None:
            return people
        else:
            rows = self.coauthors.all()
        for row in rows:
            if row.author_id and row.author_id != self.author_id and row.author not in people:
                people.append(row.author)
        return people


def default_author() -> Author | None:
    """Who signs a page that names no author: the chosen default, else the site's only author."""
    chosen = Author.objects.filter(is_default=True).first()
    if chosen is not None:
        return chosen
    only = list(Author.objects.order_by("pk")[:2])
    return only[0] if len(only) == 1 else None
