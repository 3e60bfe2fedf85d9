from django.urls import path

from . import views

app_name = "leads"

urlpatterns = [
    path("", views.strategy_call, name="strategy_call"),
]
