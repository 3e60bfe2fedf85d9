from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles import editor, schedule_admin
from mindlab.forms import SignInForm
from mindlab.views import privacy, serve_media

admin.site.site_header = "MindLAB CMS"
admin.site.site_title = "MindLAB CMS"
admin.site.index_title = "Write, publish and follow up"
admin.site.login_form = SignInForm

urlpatterns = [
    # markdownx's endpoints, staff-only, under the names its widget looks up.
    # These paths are MARKDOWNX_URLS_PATH and MARKDOWNX_UPLOAD_URLS_PATH.
    path("admin/markdownx/markdownify/", editor.markdown_preview, name="markdownx_markdownify"),
    path("admin/markdownx/upload/", editor.image_upload, name="markdownx_upload"),
    path("admin/scheduled/", admin.site.admin_view(schedule_admin.scheduled_view), name="content_schedule"),
    path("admin/", admin.site.urls),
    path("strategy-call/", include("leads.urls")),
    path("privacy/", privacy, name="privacy"),
    path("references/", include("articles.citation_urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG or not settings.STORAGES["default"]["BACKEND"].endswith("S3Storage"):
    # Media from the local disk. Production with S3 serves media from the bucket/CDN.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve_media,
            name="media",
        ),
    ]
