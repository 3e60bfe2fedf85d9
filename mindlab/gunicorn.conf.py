"""gunicorn settings for production (``make serve``); every value can be set from the environment.

Several worker processes need a cache they share (``REDIS_URL``): the page cache's
content generation lives there, so an edit handled by one worker is seen by all.
Without Redis the cache is per process, so the site runs one process with threads.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")

_shared_cache = bool(os.environ.get("REDIS_URL"))
_cores = multiprocessing.cpu_count()
workers = int(os.environ.get("WEB_CONCURRENCY") or (_cores + 1 if _shared_cache else 1))
threads = int(os.environ.get("GUNICORN_THREADS") or (1 if _shared_cache else 4))
worker_class = "gthread" if threads > 1 else "sync"

# No control socket under ~/.gunicorn: nothing outside the app's own port.
control_socket_disable = True
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never take a server down.
max_requests = 20_000
max_requests_jitter = 2_000
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# X-Forwarded-* are trusted only from the proxies the site trusts (settings.TRUSTED_PROXIES;
# settings.BEHIND_TLS_PROXY decides on the scheme).
forwarded_allow_ips = (
    os.environ.get("FORWARDED_ALLOW_IPS") or os.environ.get("TRUSTED_PROXIES") or "127.0.0.1"
)
