from django.urls import path  # noqa: F401 - filled by the references app

app_name = "references"

urlpatterns: list = []
