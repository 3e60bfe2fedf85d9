"""Revisions in the admin: drafts of live pages, history, compare, restore, autosave, conflicts.

Every save of an existing page goes through a snapshot (``articles.drafts``): the form
and its inline rows are validated as usual, turned into one JSON snapshot and stored as
a revision; "Save draft" (and autosave) stop there, "Publish" (or "Save" on a page
readers cannot see yet) writes the snapshot to the row. While a page has a pending
draft its change form shows the draft, inline rows included (rendered from the
snapshot, without row ids: hidden ``_from_draft=1``). The hidden ``_base_revision`` is
the revision the form was opened at; a save from an older one is refused.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.forms import ClearableFileInput
from django.forms.formsets import all_valid
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from markdownx.models import MarkdownxField

from revisions.models import Revision

from . import drafts, seo
from .compare import compare_snapshots
from .editor import MarkdownEditorWidget
from .image_alt import answer_image_problems
from .models import Status

Kind = Revision.Kind


def answers_describe_their_images(formset_class):
    """The FAQ formset, refusing to publish answers with undescribed images (as the page's own texts)."""

    def clean(self) -> None:
        formset_class.clean(self)
        problems = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE"):
                continue
            for problem in answer_image_problems(data.get("question") or "", data.get("answer") or ""):
                problems.append(f"{problem} Save a draft meanwhile.")
        if problems:
            raise ValidationError(problems)

    return type(formset_class.__name__, (formset_class,), {"clean": clean, "__module__": __name__})


def label_table_cells(form_class, inline) -> None:
    """A tabular inline's fields have only a column heading: name each (“Key takeaway: text”)."""
    for name, field in form_class.base_fields.items():
        if name in {"id", "DELETE"} or field.widget.is_hidden:
            continue
        label = field.label or name.replace("_", " ")
        field.widget.attrs.setdefault("aria-label", f"{str(inline.verbose_name).capitalize()}: {label}")


def when(moment: datetime) -> str:
    """``3 Dec 2026, 09:00`` in the site's time zone."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y, %H:%M}"


class _State:
    """What the change form of one page is working on, for one request."""

    def __init__(self, obj) -> None:
        self.latest = drafts.latest_revision(obj)
        self.draft = self.latest if self.latest is not None and self.latest.is_draft else None
        self.live = drafts.is_live(obj)
        self.conflict: str | None = None


class RevisionsAdminMixin:
    """Add to a ModelAdmin of a page tracked by ``articles.drafts``."""

    change_form_template = "admin/articles/revisions/change_form.html"
    change_list_template = "admin/articles/revisions/change_list.html"  # links to the schedule
    formfield_overrides = {MarkdownxField: {"widget": MarkdownEditorWidget}}  # with an upload button

    # --- URLs --------------------------------------------------------------------------

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/autosave/", wrap(self.autosave_view), name=f"{name}_autosave"),
            path("<path:object_id>/history/compare/", wrap(self.compare_view), name=f"{name}_compare"),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                wrap(self.restore_view),
                name=f"{name}_restore",
            ),
            *super().get_urls(),
        ]

    def _url(self, name: str, *args) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    # --- which state the form is in ------------------------------------------------------

    def _state(self, request: HttpRequest, obj) -> _State:
        state = getattr(request, "_revision_state", None)
        if state is None or state.pk != obj.pk:
            state = _State(obj)
            state.pk = obj.pk
            request._revision_state = state
        return state

    def _rows_from_snapshot(self, request: HttpRequest) -> dict | None:
        """The draft's rows when the form shows (or showed) them instead of the stored rows."""
        state = getattr(request, "_revision_state", None)
        if state is None or state.draft is None:
            return None
        if request.method == "POST" and request.POST.get("_from_draft") != "1":
            return None
        return state.draft.snapshot.get("rows", {})

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and self._validating_draft(request):
            obj.validating_draft = True  # a draft may still lack what publishing needs
        if obj is not None and getattr(request, "_editing_revisions", False):
            state = self._state(request, obj)
            if state.draft is not None:
                drafts._set_fields(obj, state.draft.snapshot)  # the form shows the draft
        return obj

    def _publishing(self, request: HttpRequest) -> bool:
        """A save that makes (or keeps) the page visible to readers, not a draft."""
        return (
            request.method == "POST"
            and not self._validating_draft(request)
            and request.POST.get("status") == Status.PUBLISHED
        )

    @staticmethod
    def _validating_draft(request: HttpRequest) -> bool:
        return request.method == "POST" and (
            "_save_draft" in request.POST or getattr(request, "_autosaving", False)
        )

    def get_formsets_with_inlines(self, request: HttpRequest, obj=None):
        rows = self._rows_from_snapshot(request)
        tracked = drafts.ROWS.get(self.model, {})
        for inline in self.get_inline_instances(request, obj):
            formset = inline.get_formset(request, obj)
            prefix = formset.get_default_prefix()
            if rows is not None and prefix in tracked and request.method != "POST":
                formset = inline.get_formset(request, obj, extra=len(rows.get(prefix, [])))
            if isinstance(inline, admin.TabularInline):
                label_table_cells(formset.form, inline)
            if prefix == "faqs" and self._publishing(request):
                formset = answers_describe_their_images(formset)
            yield formset, inline

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, ClearableFileInput):
            # Shown in a fieldset whose legend names it, but with no file yet it is a bare input.
            formfield.widget.attrs.setdefault("aria-label", str(formfield.label or db_field.verbose_name))
        return formfield

    def get_formset_kwargs(self, request: HttpRequest, obj, inline, prefix: str) -> dict:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        rows = self._rows_from_snapshot(request)
        if rows is not None and prefix in drafts.ROWS.get(self.model, {}):
            kwargs["queryset"] = inline.model._default_manager.none()
            if request.method != "POST":
                kwargs["initial"] = rows.get(prefix, [])
        return kwargs

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        state = getattr(request, "_revision_state", None)
        if state is None or not state.conflict:
            return form
        message = state.conflict

        def clean(self):
            form.clean(self)
            raise ValidationError(message)

        return type(form)(form.__name__, (form,), {"clean": clean, "__module__": __name__})

    # --- the change form -----------------------------------------------------------------

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None):
        if object_id is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        request._editing_revisions = True
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        state = self._state(request, obj)
        if request.method == "POST" and "_base_revision" in request.POST:
            base = request.POST["_base_revision"]
            if base != str(state.latest.pk if state.latest else ""):
                state.conflict = self._conflict_message(obj, state, base)
                messages.error(
                    request,
                    format_html(
                        "{} <a href='{}'>Compare the two versions</a>.",
                        state.conflict,
                        self._compare_url(obj, base, state.latest),
                    ),
                )
        context = {
            **(extra_context or {}),
            "revision_base": state.latest.pk if state.latest else "",
            "editing_draft": state.draft,
            "rows_from_draft": state.draft is not None,
            "offers_drafts": state.live or state.draft is not None,
            "page_is_live": state.live,
            "autosave_url": self._url("autosave", obj.pk),
            "history_url": self._url("history", obj.pk),
            "compare_url": self._compare_url(obj, None, state.draft) if state.draft else "",
        }
        if state.conflict:
            # Keep the base the editor had: saving again is refused until they reload.
            context["revision_base"] = request.POST["_base_revision"]
            context["rows_from_draft"] = request.POST.get("_from_draft") == "1"
        return super().changeform_view(request, object_id, form_url, context)

    def render_change_form(
        self, request: HttpRequest, context, add=False, change=False, form_url="", obj=None
    ):
        form = context["adminform"].form
        if seo.has_snippet(self.model):
            names = ("seo_title", "seo_description", "slug", *seo.FALLBACKS[self.model][1:])
            values = {name: str(form[name].value() or "") for name in names if name in form.fields}
            context["seo_snippet"] = seo.snippet(self.model, values)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _conflict_message(self, obj, state: _State, base: str) -> str:
        who = state.latest.created_by if state.latest else None
        by = f" by {who.get_username()}" if who else ""
        at = f" at {when(state.latest.created_at)}" if state.latest else ""
        return (
            f"Not saved: this {self.opts.verbose_name} was changed{by}{at} after you opened it. "
            "Your edits are still in the form below; compare the versions, reload to see theirs, "
            "and apply yours again."
        )

    def _compare_url(self, obj, base, latest: Revision | None) -> str:
        url = self._url("compare", obj.pk)
        a = base or "live"
        b = latest.pk if latest else "live"
        return f"{url}?a={a}&b={b}"

    def _mode(self, request: HttpRequest) -> str:
        if "_save_draft" in request.POST:
            return "draft"
        if "_publish" in request.POST and self._publish_at(request):
            return "schedule"
        return "publish"

    @staticmethod
    def _publish_at(request: HttpRequest) -> datetime | None:
        value = (request.POST.get("_publish_at") or "").strip()
        moment = parse_datetime(value) if value else None
        if moment is None:
            return None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment if moment > timezone.now() else None

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
        # Existing pages are written in save_related, from the snapshot of form and rows.

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        note = (request.POST.get("_revision_note") or "").strip()
        if not change:
            super().save_related(request, form, formsets, change)
            drafts.record_saved(form.instance, request.user, note)
            return
        page = form.instance
        old_url = type(page)._default_manager.get(pk=page.pk).get_absolute_url()
        drafts.ensure_baseline(page)
        snapshot = drafts.snapshot_from_forms(form, formsets)
        mode = self._mode(request)
        request._revision_outcome = mode
        if mode == "draft":
            drafts.record(page, snapshot, Kind.DRAFT, request.user, note)
            return
        if mode == "schedule":
            moment = self._publish_at(request)
            drafts.record(page, snapshot, Kind.DRAFT, request.user, note, scheduled_for=moment)
            request._revision_scheduled = moment
            return
        drafts.apply(page, snapshot)
        tracked = drafts.ROWS.get(self.model, {})
        for formset in formsets:  # other pages' rows shown here (a hub's articles and their order)
            if formset.prefix not in tracked:
                self.save_formset(request, form, formset, change)
        drafts.record(page, drafts.snapshot_of(page), Kind.SAVED, request.user, note)
        drafts.cancel_schedules(page)  # an older scheduled draft must not overwrite this later
        new_url = page.get_absolute_url()
        if new_url != old_url and drafts.is_live(page):
            request._revision_moved = old_url

    def construct_change_message(self, request: HttpRequest, form, formsets, add: bool = False):
        if add:
            return super().construct_change_message(request, form, formsets, add)
        outcome = getattr(request, "_revision_outcome", "publish")
        label = {"draft": "Saved a draft", "schedule": "Scheduled changes"}.get(outcome)
        fields = [form.fields[name].label or name for name in form.changed_data if name in form.fields]
        message = [{"changed": {"fields": [str(f) for f in fields]}}] if fields else []
        return [{"added": {"name": label, "object": ""}}] if label else message

    def response_change(self, request: HttpRequest, obj) -> HttpResponse:
        outcome = getattr(request, "_revision_outcome", None)
        here = self._url("change", obj.pk)
        if outcome == "draft":
            self.message_user(request, "Draft saved (not live).", messages.SUCCESS)
            return HttpResponseRedirect(here)
        if outcome == "schedule":
            self.message_user(
                request, f"Scheduled for {when(request._revision_scheduled)}.", messages.SUCCESS
            )
            return HttpResponseRedirect(here)
        moved = getattr(request, "_revision_moved", None)
        if moved:
            self.message_user(request, f"Old address {moved} now redirects here.", messages.INFO)
        if drafts.is_live(obj) and "_publish" in request.POST:
            self.message_user(request, "Published.", messages.SUCCESS)
            return HttpResponseRedirect(here)
        return super().response_change(request, obj)

    # --- autosave ------------------------------------------------------------------------

    def autosave_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Store the open form as a draft revision (one per editor, updated in place)."""
        if request.method != "POST":
            return JsonResponse({"error": "POST the form."}, status=405)
        request._editing_revisions = True
        request._autosaving = True
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        state = self._state(request, obj)
        base = request.POST.get("_base_revision", "")
        if base != str(state.latest.pk if state.latest else ""):
            return JsonResponse(
                {
                    "error": self._conflict_message(obj, state, base),
                    "compare_url": self._compare_url(obj, base, state.latest),
                },
                status=409,
            )
        fieldsets = self.get_fieldsets(request, obj)
        form = self.get_form(request, obj, change=True, fields=flatten_fieldsets(fieldsets))(
            request.POST, instance=obj
        )
        formsets, _inlines = self._create_formsets(request, form.instance, change=True)
        if not (form.is_valid() and all_valid(formsets)):
            return JsonResponse(
                {"error": "Not autosaved yet: the form has errors (save to see them)."}, status=400
            )
        drafts.ensure_baseline(obj)
        snapshot = drafts.snapshot_from_forms(form, formsets)
        latest = state.latest
        if (
            latest is not None
            and latest.kind == Kind.AUTOSAVE
            and latest.is_draft
            and latest.created_by_id == request.user.pk
        ):
            latest.snapshot, latest.created_at = snapshot, timezone.now()
            latest.save(update_fields=["snapshot", "created_at"])
            revision = latest
        else:
            revision = drafts.record(obj, snapshot, Kind.AUTOSAVE, request.user)
        return JsonResponse({"revision": revision.pk, "saved_at": when(revision.created_at)})

    # --- history, compare, restore ------------------------------------------------------

    def _page_for_history(self, request: HttpRequest, object_id: str):
        obj = get_object_or_404(self.model, pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        obj = self._page_for_history(request, object_id)
        revisions = list(drafts.revisions_of(obj)[:200])
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "original": obj,
            "revisions": revisions,
            "current": next((r for r in revisions if r.kind == Kind.SAVED or r.applied_at), None),
            "compare_url": self._url("compare", obj.pk),
            "can_restore": self.has_change_permission(request, obj),
            "change_url": self._url("change", obj.pk),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/revisions/history.html", context)

    def _revision(self, obj, value: str | None) -> Revision | None:
        if value in (None, "", "live"):
            return None
        try:
            return drafts.revisions_of(obj).get(pk=int(value))
        except (ValueError, Revision.DoesNotExist) as error:
            raise Http404("No such revision of this page.") from error

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self._page_for_history(request, object_id)
        older = self._revision(obj, request.GET.get("a"))
        newer = self._revision(obj, request.GET.get("b"))
        if older is not None and newer is not None and older.pk > newer.pk:
            older, newer = newer, older
        live = drafts.snapshot_of(obj)
        left = older.snapshot if older else live
        right = newer.snapshot if newer else live
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions: {obj}",
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "original": obj,
            "older": older,
            "newer": newer,
            "rows": compare_snapshots(self.model, left, right),
            "history_url": self._url("history", obj.pk),
            "change_url": self._url("change", obj.pk),
        }
        return TemplateResponse(request, "admin/articles/revisions/compare.html", context)

    def restore_view(self, request: HttpRequest, object_id: str, revision_id: int) -> HttpResponse:
        return require_POST(self._restore)(request, object_id, revision_id)

    def _restore(self, request: HttpRequest, object_id: str, revision_id: int) -> HttpResponse:
        obj = self._page_for_history(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        revision = self._revision(obj, str(revision_id))
        drafts.restore(revision, request.user)
        self.message_user(
            request,
            f"Revision #{revision.pk} is now the draft (not live): check it, then publish.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", obj.pk))

    # --- the change list -------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest):
        latest = Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=OuterRef("pk")
        ).order_by("-pk")
        return (
            super()
            .get_queryset(request)
            .annotate(
                _latest_kind=Subquery(latest.values("kind")[:1]),
                _latest_applied=Subquery(latest.values("applied_at")[:1]),
                _latest_scheduled=Subquery(latest.values("scheduled_for")[:1]),
            )
        )

    @admin.display(description="Unpublished changes")
    def unpublished_changes(self, obj) -> str:
        kind = getattr(obj, "_latest_kind", None)
        if kind not in drafts.DRAFT_KINDS or getattr(obj, "_latest_applied", None) is not None:
            return "—"
        scheduled = getattr(obj, "_latest_scheduled", None)
        return f"Scheduled for {when(scheduled)}" if scheduled else "Unpublished changes"
