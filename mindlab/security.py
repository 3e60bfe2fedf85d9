"""Sign-in throttling (django-axes) adapted to this site.

Failed admin sign-ins are counted per client address in the database, so every app
server behind the load balancer sees the same count; after ``AXES_FAILURE_LIMIT``
failures that address gets HTTP 429 for ``AXES_COOLOFF_TIME`` (even with the right
password). Staff can lift a lockout in the admin ("Access attempts") or with
``manage.py axes_reset_ip <address>``. The address is ``mindlab.client_address``'s.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """axes' lockout check for sign-ins made through a web request.

    ``authenticate()`` without a request (management commands, the test client's
    ``login()``) is not a brute-force path over the network: it passes on to the
    next backend instead of raising, as axes' own backend would.
    """

    def authenticate(self, request: HttpRequest | None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
