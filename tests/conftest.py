import pytest
from django.db import connection

from tests import factories


@pytest.fixture(autouse=True, scope="session")
def _live_server_serves_one_request_at_a_time():
    """On in-memory SQLite the live server's request threads share one connection.

    pytest-django hands Django's threaded live server the test database connection;
    two requests at once (a page and the Markdown previews it fires) then use it
    concurrently and SQLite answers "bad parameter or other API misuse". Requests
    are serialised here (responses still stream outside the lock); PostgreSQL runs
    give each thread its own connection and are left alone.
    """
    import threading

    from django.contrib.staticfiles import handlers

    # (Decided before the test database exists: on SQLite it is in memory unless TEST NAME says otherwise.)
    if connection.vendor != "sqlite" or connection.settings_dict.get("TEST", {}).get("NAME"):
        yield
        return

    class OneAtATimeStaticFilesHandler(handlers.StaticFilesHandler):
        lock = threading.Lock()

        def __call__(self, environ, start_response):
            with self.lock:
                return super().__call__(environ, start_response)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(handlers, "StaticFilesHandler", OneAtATimeStaticFilesHandler)
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches (cached pages, rate-limit counters...)."""
    from django.core.cache import caches

    from mindlab import pagecache

    for cache in caches.all():
        cache.clear()
    pagecache.retire_generation()  # and this process's reading of it
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def author(db):
    return factories.make_author(name="Dr Ada Example", slug="ada-example", credentials="PhD")


@pytest.fixture
def pillar(db):
    return factories.make_pillar(number=4, name="Stress, Resilience & Regulation", slug="stress")


@pytest.fixture
def hub(pillar, author):
    return factories.make_hub(pillar, author=author, title="Social Resilience", slug="social-resilience")


@pytest.fixture
def article(hub, author):
    return factories.make_article(hub, author=author, title="Trusted People", slug="trusted-people")


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    client.force_login(user)
    return client


requires_postgres = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="needs PostgreSQL (set DATABASE_URL=postgres://...; CI runs this)",
)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"
