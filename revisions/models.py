from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

# Every filter on scheduled drafts repeats the partial index's own condition: SQLite (3.40)
# does not infer "scheduled_for IS NOT NULL" from "scheduled_for <= t" and would read the
# whole table (every snapshot) on each page request instead of the index.
PENDING = models.Q(applied_at__isnull=True, scheduled_for__isnull=False)


class RevisionQuerySet(models.QuerySet):
    def of(self, obj: models.Model) -> RevisionQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def due(self, now: datetime | None = None) -> RevisionQuerySet:
        """Scheduled drafts whose time has come and that nobody applied yet."""
        return self.filter(PENDING, scheduled_for__lte=now or timezone.now())

    def next_scheduled(self, now: datetime | None = None) -> datetime | None:
        """The earliest future time a scheduled draft goes live (read by the page cache)."""
        now = now or timezone.now()
        pending = self.filter(PENDING, scheduled_for__gt=now)
        return pending.aggregate(first=models.Min("scheduled_for"))["first"]


class Revision(models.Model):
    """One saved state of a page, as its author saw it in the admin."""

    class Kind(models.TextChoices):
        SAVED = "saved", "Saved"
        DRAFT = "draft", "Draft"
        AUTOSAVE = "autosave", "Autosaved draft"
        RESTORED = "restored", "Restored as draft"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    snapshot = models.JSONField()
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scheduled_for = models.DateTimeField(
        null=True, blank=True, help_text="A draft that goes live at this time (applied when next read)."
    )
    applied_at = models.DateTimeField(null=True, blank=True, help_text="When this draft went live.")

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-id"], name="revision_of_object"),
            models.Index(
                fields=["scheduled_for"],
                name="revision_scheduled",
                condition=PENDING,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.kind != self.Kind.SAVED and self.applied_at is None
