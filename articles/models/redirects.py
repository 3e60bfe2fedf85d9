"""Old addresses keep working: a changed slug answers with a permanent redirect."""

from __future__ import annotations

from django.db import models

from mindlab.plain_text import RefusesControlCharacters


class SlugRedirect(RefusesControlCharacters, models.Model):
    class Kind(models.TextChoices):
        PILLAR = "pillar", "Pillar"
        HUB = "hub", "Hub"
        ARTICLE = "article", "Article"
        AUTHOR = "author", "Author"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    old_slug = models.SlugField(max_length=200)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "old_slug"], name="slugredirect_unique_old_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.old_slug} → #{self.object_id}"


class KeepsOldSlugs(models.Model):
    """Record the previous slug whenever it changes, so its address can redirect."""

    slug_kind: str = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        previous = getattr(self, "_loaded_slug", None)
        super().save(*args, **kwargs)
        if previous and previous != self.slug:
            SlugRedirect.objects.update_or_create(
                kind=self.slug_kind, old_slug=previous, defaults={"object_id": self.pk}
            )
        # The current slug is live again, so it must not redirect anywhere.
        if previous != self.slug:
            SlugRedirect.objects.filter(kind=self.slug_kind, old_slug=self.slug).delete()
        self._loaded_slug = self.slug

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance

    @classmethod
    def find_by_old_slug(cls, slug: str, queryset: models.QuerySet | None = None):
        """The object that used to live at ``slug``, or ``None``."""
        redirect = SlugRedirect.objects.filter(kind=cls.slug_kind, old_slug=slug).first()
        if redirect is None:
            return None
        return (
            (queryset if queryset is not None else cls._default_manager).filter(pk=redirect.object_id).first()
        )
