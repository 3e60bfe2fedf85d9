"""A small store of page revisions: whole snapshots as JSON, who, when, a note.

Deliberately not a content app (``PAGECACHE_CONTENT_APPS``): writing a draft revision
of a live page changes nothing readers are served, so it must not retire their cache.
What a snapshot holds, and how it is applied to a page, belongs to the app that owns
the page (``articles.drafts``); this app never imports it.
"""
