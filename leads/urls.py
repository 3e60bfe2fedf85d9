from django.urls import path

from . import views

app_name = "leads"

urlpatterns = [
    path("", views.strategy_call, name="strategy_call"),
    path("thanks/<str:token>/", views.thanks, name="thanks"),
    path("thanks/<str:token>/strategy-call.ics", views.calendar_file, name="calendar_file"),
    path("manage/<str:action>/<str:token>/", views.manage, name="manage"),
    path("calendar/<str:token>/calls.ics", views.practice_feed, name="practice_feed"),
]
