from django.urls import path

from . import views

app_name = "references"

urlpatterns = [
    path("export/<str:kind>/<slug:slug>.<str:ext>", views.page_references_export, name="page_export"),
    path("<str:key>/", views.citation_detail, name="detail"),
]
