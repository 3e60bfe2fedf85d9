"""Revisions of pages, and drafts of live ones.

A *snapshot* is the whole page as its author sees it in the admin, as JSON::

    {"fields": {name: value, ...},          # every editable field (foreign keys as ids)
     "rows": {"faqs": [{...}, ...], ...},    # FAQs, takeaways, profile links, in order
     "further_reading": [citation ids],      # pages with a reference list
     "citations": ["key", ...]}              # every work the page lists (for comparing)

Every save in the admin stores one (``revisions.Revision``). On a live page "Save draft"
stores a snapshot only: the live row, and with it what readers are served and its
cache, stays as it is. "Publish" (now, or at a time: applied when the page is next read,
no cron) writes the snapshot to the live row. Restoring copies an old snapshot into a
new draft; it never publishes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from mindlab import pagecache
from references import api as references
from revisions.models import Revision

from .models import FAQ, Article, Author, AuthorLink, Coauthor, Hub, Pillar, Takeaway

Kind = Revision.Kind

# The rows each kind of page owns: related name -> (model, fields a snapshot keeps).
ROWS: dict[type[models.Model], dict[str, tuple[type[models.Model], tuple[str, ...]]]] = {
    Article: {
        "takeaways": (Takeaway, ("position", "text")),
        "faqs": (FAQ, ("position", "question", "answer")),
        "coauthors": (Coauthor, ("position", "author")),
    },
    Hub: {
        "faqs": (FAQ, ("position", "question", "answer")),
        "coauthors": (Coauthor, ("position", "author")),
    },
    Author: {"links": (AuthorLink, ("position", "label", "url"))},
    Pillar: {},
}
WITH_REFERENCES = (Article, Hub)
DRAFT_KINDS = (Kind.DRAFT, Kind.AUTOSAVE, Kind.RESTORED)


def tracked(model: type[models.Model]) -> bool:
    return model in ROWS


def is_live(page: models.Model) -> bool:
    """Whether readers see this page now: edits to it become drafts until published."""
    if page.pk is None:
        return False
    if isinstance(page, Article | Hub):
        return page.is_published
    return True  # pillars and authors have no unpublished state


def snapshot_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in {"created_at", "updated_at"}
    ]


def _jsonable(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or ""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return DjangoJSONEncoder().default(value)  # dates, times, decimals as ISO text


def _row_value(value: Any) -> Any:
    """A row's value as a snapshot keeps it: a related object by its id."""
    return value.pk if isinstance(value, models.Model) else value


def _row_kwargs(model: type[models.Model], row: dict, keep: tuple[str, ...]) -> dict:
    """A snapshot row as model arguments (a foreign key by its id: ``author`` -> ``author_id``)."""
    return {model._meta.get_field(f).attname: row.get(f) for f in keep if row.get(f) is not None}


def _cited_keys(page: models.Model, texts: list[str], further_ids: list[int]) -> list[str]:
    keys: list[str] = []
    for text in texts:
        keys += [key for key in references.cited_keys(text or "") if key not in keys]
    found = references.Citation.objects.filter(models.Q(key__in=keys) | models.Q(pk__in=further_ids))
    return sorted(found.values_list("key", flat=True))


def _complete(page: models.Model, fields: dict, rows: dict, further: list[int] | None) -> dict:
    snapshot: dict[str, Any] = {"fields": fields, "rows": rows}
    if isinstance(page, WITH_REFERENCES):
        further = sorted(further or [])
        texts = [fields.get(name, "") for name in page.markdown_fields]
        texts += [row.get("answer", "") for row in rows.get("faqs", [])]
        snapshot["further_reading"] = further
        snapshot["citations"] = _cited_keys(page, texts, further)
    return snapshot


def snapshot_of(page: models.Model) -> dict:
    """The page as it is stored now."""
    from .citations import further_reading_ids

    fields = {field.name: _jsonable(field.value_from_object(page)) for field in snapshot_fields(type(page))}
    rows = {
        name: [
            {f: _row_value(getattr(row, f)) for f in keep}
            for row in getattr(page, name).order_by("position", "pk")
        ]
        for name, (_model, keep) in ROWS[type(page)].items()
    }
    further = further_reading_ids(page) if isinstance(page, WITH_REFERENCES) else None
    return _complete(page, fields, rows, further)


def snapshot_from_forms(form, formsets) -> dict:
    """The page as an admin form (validated, not saved) and its inline formsets hold it."""
    page = form.instance
    fields = {}
    for field in snapshot_fields(type(page)):
        value = getattr(page, field.attname)
        if isinstance(value, FieldFile) and value and not value._committed:
            value.save(value.name, value.file, save=False)  # keep a new upload: the draft names it
        fields[field.name] = _jsonable(value)
    rows: dict[str, list[dict]] = {name: [] for name in ROWS[type(page)]}
    for formset in formsets:
        name = formset.prefix
        if name not in rows:
            continue
        keep = ROWS[type(page)][name][1]
        for row_form in formset.forms:
            data = getattr(row_form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            rows[name].append({f: _row_value(data.get(f)) for f in keep})
        rows[name].sort(key=lambda row: row.get("position") or 0)
    further = None
    if "further_reading" in form.cleaned_data:
        further = [work.pk for work in form.cleaned_data["further_reading"] or []]
    elif isinstance(page, WITH_REFERENCES) and page.pk:
        from .citations import further_reading_ids

        further = further_reading_ids(page)
    return _complete(page, fields, rows, further)


# --- reading revisions ----------------------------------------------------------------


def revisions_of(page: models.Model):
    return Revision.objects.of(page).select_related("created_by")


def latest_revision(page: models.Model) -> Revision | None:
    return Revision.objects.of(page).first() if page.pk else None


def pending_draft(page: models.Model) -> Revision | None:
    """The draft staff see and edit, if the latest revision is one not yet live."""
    latest = latest_revision(page)
    return latest if latest is not None and latest.is_draft else None


def pages_with_drafts(model: type[models.Model]) -> set[int]:
    """Ids of ``model`` pages whose latest revision is an unpublished draft (one query)."""
    content_type = ContentType.objects.get_for_model(model)
    latest = (
        Revision.objects.filter(content_type=content_type)
        .values("object_id")
        .annotate(last=models.Max("pk"))
        .values("last")
    )
    return set(
        Revision.objects.filter(pk__in=latest, kind__in=DRAFT_KINDS, applied_at__isnull=True).values_list(
            "object_id", flat=True
        )
    )


# --- writing --------------------------------------------------------------------------


def record(
    page: models.Model,
    snapshot: dict,
    kind: str,
    user=None,
    note: str = "",
    scheduled_for: datetime | None = None,
    restored_from: Revision | None = None,
) -> Revision:
    revision = Revision.objects.create(
        content_type=ContentType.objects.get_for_model(page),
        object_id=page.pk,
        kind=kind,
        snapshot=snapshot,
        note=note[:200],
        created_by=user if user is not None and user.is_authenticated else None,
        scheduled_for=scheduled_for,
        restored_from=restored_from,
    )
    if scheduled_for is not None:
        pagecache.invalidate()  # the generation must now expire at this time
    return revision


def ensure_baseline(page: models.Model) -> None:
    """A page saved before revisions were kept gets its stored state as its first revision."""
    if page.pk is not None and not Revision.objects.of(page).exists():
        stored = type(page)._default_manager.get(pk=page.pk)
        record(stored, snapshot_of(stored), Kind.SAVED, note="As stored before revisions were kept")


def record_saved(page: models.Model, user=None, note: str = "") -> Revision:
    """After a save straight to the row: what is stored now is a saved revision."""
    return record(page, snapshot_of(page), Kind.SAVED, user, note)


def _value(field: models.Field, value: Any) -> Any:
    if isinstance(field, models.FileField):
        return value or ""
    return None if value is None else field.to_python(value)


def _set_fields(page: models.Model, snapshot: dict) -> None:
    by_name = {field.name: field for field in snapshot_fields(type(page))}
    for name, value in snapshot.get("fields", {}).items():
        field = by_name.get(name)
        if field is not None:
            setattr(page, field.attname, _value(field, value))


def apply(page: models.Model, snapshot: dict) -> None:
    """Write ``snapshot`` to the live page: its fields, rows and further reading."""
    from .citations import set_further_reading

    with transaction.atomic():
        _set_fields(page, snapshot)
        page.save()
        for name, (model, keep) in ROWS[type(page)].items():
            getattr(page, name).all().delete()
            fk = page._meta.model_name  # FAQ.article / FAQ.hub, Takeaway.article, AuthorLink.author
            for row in snapshot.get("rows", {}).get(name, []):
                model.objects.create(**{fk: page}, **_row_kwargs(model, row, keep))
        if isinstance(page, WITH_REFERENCES) and "further_reading" in snapshot:
            set_further_reading(page, references.Citation.objects.filter(pk__in=snapshot["further_reading"]))


def publish(revision: Revision, page: models.Model | None = None) -> models.Model:
    """Make a draft live now, and mark it so."""
    page = page or revision.content_type.get_object_for_this_type(pk=revision.object_id)
    with transaction.atomic():
        apply(page, revision.snapshot)
        revision.applied_at = timezone.now()
        revision.save(update_fields=["applied_at"])
    return page


def cancel_schedules(page: models.Model) -> int:
    """Drafts of ``page`` waiting for their time stay in its history, no longer scheduled."""
    return (
        Revision.objects.of(page)
        .filter(scheduled_for__isnull=False, applied_at__isnull=True)
        .update(scheduled_for=None)
    )


def publish_due_drafts(now: datetime | None = None) -> int:
    """Apply every scheduled draft whose time has come (called when pages are read)."""
    count = 0
    # Ids only, from the partial index (this runs on every page request; no join, no snapshots).
    due = Revision.objects.due(now).order_by("pk").values_list("pk", "content_type_id", "object_id")
    for pk, content_type_id, object_id in due:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not tracked(model):
            continue
        with transaction.atomic():
            locked = Revision.objects.select_for_update().filter(pk=pk, applied_at__isnull=True).first()
            if locked is None:
                continue  # another request got there first
            page = model._default_manager.filter(pk=object_id).first()
            if page is None:
                continue
            newer = Revision.objects.of(page).filter(pk__gt=pk).exists()
            apply(page, locked.snapshot)
            locked.applied_at = timezone.now()
            locked.save(update_fields=["applied_at"])
            if newer:  # a later draft stays the one being edited: re-record it on top
                latest = Revision.objects.of(page).exclude(pk=pk).first()
                if latest is not None and latest.is_draft:
                    record(
                        page,
                        latest.snapshot,
                        Kind.DRAFT,
                        latest.created_by,
                        "kept after scheduled publication",
                    )
        count += 1
    return count


def restore(revision: Revision, user=None) -> Revision:
    """An old revision as the new draft (never published by this)."""
    page = revision.content_type.get_object_for_this_type(pk=revision.object_id)
    note = f"Restored from revision #{revision.pk} ({revision.created_at:%d %b %Y %H:%M})"
    return record(page, revision.snapshot, Kind.RESTORED, user, note, restored_from=revision)


# --- what a preview shows -------------------------------------------------------------


def draft_page(page: models.Model, snapshot: dict) -> tuple[models.Model, dict[str, list]]:
    """An unsaved copy of ``page`` holding the draft (HTML rendered), and its rows."""
    copy = page  # the view's own instance, never saved
    _set_fields(copy, snapshot)
    copy.render_markdown_fields()
    rows: dict[str, list] = {}
    for name, (model, keep) in ROWS[type(page)].items():
        items = []
        for row in snapshot.get("rows", {}).get(name, []):
            item = model(**_row_kwargs(model, row, keep))
            if model is FAQ:
                setattr(item, page._meta.model_name, copy)
                item.render_markdown_fields()
            items.append(item)
        rows[name] = items
    return copy, rows


def draft_citations(snapshot: dict) -> list:
    keys = snapshot.get("citations") or []
    return references.sort_references(references.Citation.objects.filter(key__in=keys)) if keys else []
