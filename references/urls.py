from django.urls import path

from . import views

app_name = "references"

urlpatterns = [
    path("<str:key>/", views.citation_detail, name="detail"),
]
