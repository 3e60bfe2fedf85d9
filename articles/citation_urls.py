"""``/references/``: the public pages of cited works (included by the site's URLconf).

The namespace is ``references`` because the addresses are about the library's works:
``Citation.get_absolute_url`` reverses ``references:detail``.
"""

from django.urls import path

from . import citation_views, index_views

app_name = "references"

urlpatterns = [
    path("", index_views.reference_index, name="index"),
    path(
        "export/<str:kind>/<slug:slug>.<str:ext>",
        citation_views.page_references_export,
        name="page_export",
    ),
    path("<str:key>/", citation_views.citation_detail, name="detail"),
]
