from django.urls import path

from . import discovery_views, feeds, index_views, sitemaps, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    # Index pages: every article, author and pillar (the references index is in citation_urls).
    path("articles/", index_views.article_index, name="article_index"),
    path("authors/", index_views.author_index, name="author_index"),
    path("pillars/", index_views.pillar_index, name="pillar_index"),
    path("pillars/<slug:slug>/", views.pillar_detail, name="pillar"),
    path("hubs/<slug:slug>/", views.hub_detail, name="hub"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    # Finding content: search, feeds and crawlers.
    path("search/", discovery_views.search_page, name="search"),
    path("feed/", feeds.LatestArticlesRss(), name="feed_rss"),
    path("feed/atom/", feeds.LatestArticlesAtom(), name="feed_atom"),
    path("pillars/<slug:slug>/feed/", feeds.PillarArticlesRss(), name="pillar_feed_rss"),
    path("pillars/<slug:slug>/feed/atom/", feeds.PillarArticlesAtom(), name="pillar_feed_atom"),
    path("sitemap.xml", sitemaps.sitemap_or_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("robots.txt", discovery_views.robots_txt, name="robots"),
]
