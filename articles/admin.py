"""The authors' workplace: write, attach, check, preview, schedule, publish."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from markdownx.admin import MarkdownxModelAdmin
from markdownx.models import MarkdownxField

from .citation_admin import PageReferencesAdminMixin, register_citation_admin
from .editor import MarkdownEditorWidget
from .forms import CleanImageFieldMixin
from .models import FAQ, Article, Author, AuthorLink, Coauthor, Hub, Pillar, Status, Takeaway
from .review import ReviewStatusFilter, review_state
from .revision_admin import RevisionsAdminMixin

MARKDOWN_WIDGETS = {MarkdownxField: {"widget": MarkdownEditorWidget}}


class EditorMedia:
    """Re-initialises the editor in inline rows added with “Add another”; shows upload errors."""

    js = ["admin/js/mindlab-editor.js"]
    css = {"all": ["admin/css/mindlab-editor.css"]}


class FAQInline(admin.StackedInline):
    model = FAQ
    extra = 0
    fields = ["position", "question", "answer"]
    formfield_overrides = MARKDOWN_WIDGETS
    ordering = ["position", "pk"]


class HubFAQInline(FAQInline):
    fk_name = "hub"


class ArticleFAQInline(FAQInline):
    fk_name = "article"


class TakeawayInline(admin.TabularInline):
    model = Takeaway
    extra = 0
    fields = ["position", "text"]
    ordering = ["position", "pk"]
    verbose_name = "key takeaway"
    verbose_name_plural = "Key takeaways (short statements, in order)"


class PublicationStateFilter(admin.SimpleListFilter):
    """Draft, scheduled or published as readers experience it (a future publish time = scheduled)."""

    title = "readers see it"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("draft", "Not yet (draft)"), ("scheduled", "Scheduled"), ("published", "Published")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        now = timezone.now()
        if self.value() == "draft":
            return queryset.exclude(status=Status.PUBLISHED)
        if self.value() == "scheduled":
            return queryset.filter(status=Status.PUBLISHED, published_at__gt=now)
        if self.value() == "published":
            return queryset.filter(status=Status.PUBLISHED, published_at__lte=now)
        return queryset


class AuthorDefaultsToYouMixin:
    """A new page's author is the signed-in user's author profile, if they have one."""

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        profile = Author.objects.filter(user_id=request.user.pk).values_list("pk", flat=True).first()
        if profile is not None and "author" not in initial:
            initial["author"] = profile
        return initial


class PublishingAdminMixin:
    """Publish/unpublish actions that refuse, with reasons, what is not ready."""

    actions = ["publish_selected", "unpublish_selected"]

    @admin.action(description="Publish selected (now, or at their scheduled time)")
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        published, refused = 0, 0
        for page in queryset:
            problems = page.publishing_problems()
            if problems:
                refused += 1
                self.message_user(
                    request, f"“{page}” was not published: {' '.join(problems)}", messages.ERROR
                )
                continue
            page.publish()
            page.save()
            published += 1
        if published:
            self.message_user(request, f"Published {published} page(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected (back to draft)")
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for page in queryset.filter(status=Status.PUBLISHED):
            page.unpublish()
            page.save()
            count += 1
        self.message_user(request, f"Moved {count} page(s) back to draft.", messages.SUCCESS)

    @admin.display(description="State", ordering="published_at")
    def state(self, obj) -> str:
        state = obj.publication_state
        if state == "scheduled":
            return f"Scheduled for {timezone.localtime(obj.published_at):%d %b %Y %H:%M}"
        return state.capitalize()

    @admin.display(description="Ready to publish?")
    def readiness(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "Save the draft to see what is still missing."
        problems = obj.publishing_problems()
        if not problems:
            return "Ready: nothing a reader would miss."
        return format_html(
            "<ul class='publishing-problems'>{}</ul>",
            format_html_join("", "<li>{}</li>", ((p,) for p in problems)),
        )


class CoauthorInline(admin.TabularInline):
    """Further authors after the first, in byline order."""

    model = Coauthor
    extra = 0
    fields = ["position", "author"]
    autocomplete_fields = ["author"]
    verbose_name_plural = "Co-authors (after the first author, in byline order)"


class HubCoauthorInline(CoauthorInline):
    fk_name = "hub"


class ArticleCoauthorInline(CoauthorInline):
    fk_name = "article"


CALL_TO_ACTION_FIELDSET = (
    "Call to action",
    {
        "classes": ["collapse"],
        "fields": ["cta_heading", "cta_text", "cta_button"],
        "description": "This page's own call to action. Each part left empty uses the site's default "
        "(site settings); the button always leads to the strategy-call form.",
    },
)


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    extra = 0
    fields = ["position", "label", "url"]


class AuthorForm(CleanImageFieldMixin, forms.ModelForm):
    image_fields = ("photo",)

    class Meta:
        model = Author
        fields = "__all__"  # noqa: DJ007 - the admin narrows it to its fieldsets


@admin.register(Author)
class AuthorAdmin(RevisionsAdminMixin, MarkdownxModelAdmin):
    form = AuthorForm
    list_display = [
        "name",
        "credentials",
        "job_title",
        "published_articles",
        "is_default",
        "unpublished_changes",
    ]
    search_fields = ["name", "credentials", "institutions", "short_bio"]
    actions = ["make_default_author"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    # Explicit: the annotated queryset groups rows, and GROUP BY drops Meta.ordering.
    ordering = ["name", "pk"]
    inlines = [AuthorLinkInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "credentials", "job_title", "institutions", "user"]}),
        ("Biography", {"fields": ["short_bio", "bio"]}),
        ("Photo", {"fields": ["photo", "photo_alt"]}),
    ]
    Media = EditorMedia

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                _published=Count("articles", filter=Q(articles__status=Status.PUBLISHED), distinct=True)
            )
        )

    @admin.display(description="Published articles", ordering="_published")
    def published_articles(self, obj: Author) -> int:
        return obj._published

    @admin.action(
        description="Make the default author (signs imported pages that name no author)",
        permissions=["change"],
    )
    def make_default_author(self, request: HttpRequest, queryset: QuerySet) -> None:
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one author to be the default.", messages.ERROR)
            return
        author = queryset.get()
        author.make_default()
        self.message_user(
            request, f"{author} now signs imported pages that name no author.", messages.SUCCESS
        )


@admin.register(Pillar)
class PillarAdmin(RevisionsAdminMixin, MarkdownxModelAdmin):
    list_display = ["number", "name", "slug", "hub_count", "unpublished_changes"]
    list_display_links = ["number", "name"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["number"]
    Media = EditorMedia

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(_hubs=Count("hubs"))

    @admin.display(description="Hubs", ordering="_hubs")
    def hub_count(self, obj: Pillar) -> int:
        return obj._hubs


class HubArticleInline(admin.TabularInline):
    """The hub's articles in editorial order: change the numbers to reorder."""

    model = Article
    fk_name = "hub"
    extra = 0
    fields = ["position", "title", "status", "published_at"]
    readonly_fields = ["title", "status", "published_at"]
    ordering = ["position", "published_at", "pk"]
    show_change_link = True
    can_delete = False
    verbose_name = "article in this hub"
    verbose_name_plural = "Articles in this hub (editorial order)"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Hub)
class HubAdmin(
    RevisionsAdminMixin,
    AuthorDefaultsToYouMixin,
    PageReferencesAdminMixin,
    PublishingAdminMixin,
    MarkdownxModelAdmin,
):
    list_display = [
        "display_name",
        "title",
        "pillar",
        "state",
        "unpublished_changes",
        "article_count",
        "author",
        "updated_at",
    ]
    list_filter = ["status", PublicationStateFilter, "pillar", "author"]
    search_fields = ["name", "title", "summary", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author"]
    list_select_related = ["pillar", "author"]
    ordering = ["pillar__number", "position", "title", "pk"]  # GROUP BY (the count) drops Meta.ordering
    readonly_fields = ["readiness", "word_count", "created_at", "updated_at"]
    inlines = [HubArticleInline, HubFAQInline, HubCoauthorInline]
    fieldsets = [
        (None, {"fields": ["name", "title", "slug", "pillar", "position", "author"]}),
        ("Content", {"fields": ["summary", "intro", "closing_text", "disclaimer"]}),
        CALL_TO_ACTION_FIELDSET,
        (
            "Publishing",
            {"fields": ["readiness", "status", "published_at", "created_at", "updated_at"]},
        ),
        ("Search engines", {"classes": ["collapse"], "fields": ["seo_title", "seo_description"]}),
    ]
    Media = EditorMedia

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(_articles=Count("articles"))

    @admin.display(description="Name", ordering="name")
    def display_name(self, obj: Hub) -> str:
        return obj.display_name

    @admin.display(description="Articles", ordering="_articles")
    def article_count(self, obj: Hub) -> int:
        return obj._articles


class ArticleForm(CleanImageFieldMixin, forms.ModelForm):
    image_fields = ("hero_image",)

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin narrows it to its fieldsets


@admin.register(Article)
class ArticleAdmin(
    RevisionsAdminMixin,
    AuthorDefaultsToYouMixin,
    PageReferencesAdminMixin,
    PublishingAdminMixin,
    MarkdownxModelAdmin,
):
    form = ArticleForm
    list_display = [
        "title",
        "hub",
        "author",
        "state",
        "unpublished_changes",
        "published_at",
        "updated_at",
        "medical_review",
    ]
    list_filter = ["status", PublicationStateFilter, ReviewStatusFilter, "hub__pillar", "hub", "author"]
    search_fields = ["title", "subtitle", "summary", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "hub", "reviewed_by"]
    list_select_related = ["hub", "author", "reviewed_by"]
    date_hierarchy = "published_at"
    readonly_fields = [
        "readiness",
        "word_count",
        "reading_time_display",
        "created_at",
        "updated_at",
    ]
    inlines = [TakeawayInline, ArticleFAQInline, ArticleCoauthorInline]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "author", ("hub", "position")]}),
        ("Content", {"fields": ["summary", "body", "closing_summary", "disclaimer"]}),
        CALL_TO_ACTION_FIELDSET,
        ("Hero image", {"fields": ["hero_image", "hero_alt"]}),
        (
            "Medical review",
            {
                "fields": [("reviewed_by", "reviewed_at")],
                "description": "Who checked this article (an author with credentials) and when.",
            },
        ),
        (
            "Publishing",
            {
                "fields": [
                    "readiness",
                    "status",
                    "published_at",
                    ("word_count", "reading_time_display"),
                    ("created_at", "updated_at"),
                ]
            },
        ),
        ("Search engines", {"classes": ["collapse"], "fields": ["seo_title", "seo_description"]}),
    ]
    Media = EditorMedia

    @admin.display(description="Medical review", ordering="reviewed_at")
    def medical_review(self, obj: Article) -> str:
        state = review_state(obj.reviewed_at)
        if state == "never":
            return "Not reviewed"
        when = f"{obj.reviewed_at:%d %b %Y}"
        return f"Overdue (reviewed {when})" if state == "overdue" else f"Reviewed {when}"

    @admin.display(description="Reading time")
    def reading_time_display(self, obj: Article) -> str:
        return f"{obj.reading_time} min" if obj and obj.pk else "—"


@admin.register(FAQ)
class FAQAdmin(MarkdownxModelAdmin):
    """FAQs are edited on their page; this list is for finding one across the site."""

    list_display = ["question", "hub", "article", "position"]
    list_select_related = ["hub", "article"]
    search_fields = ["question", "answer"]
    list_filter = ["hub"]
    autocomplete_fields = ["hub", "article"]
    formfield_overrides = MARKDOWN_WIDGETS
    Media = EditorMedia


register_citation_admin()
