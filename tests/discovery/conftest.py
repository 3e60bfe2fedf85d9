import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts without cached pages (the page cache keeps anonymous responses)."""
    for cache in caches.all():
        cache.clear()
    return
