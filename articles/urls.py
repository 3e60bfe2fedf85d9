from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("pillars/<slug:slug>/", views.pillar_detail, name="pillar"),
    path("hubs/<slug:slug>/", views.hub_detail, name="hub"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
]
