"""The address of the person on the other end of a request: one rule for the whole site.

The sign-in throttle (django-axes), the booking form's rate limit and anything that logs
a client use :func:`client_address`, so they always agree on who a visitor is.

``X-Forwarded-For`` is believed only as far as it was written by proxies we run: the
connection's peer (``REMOTE_ADDR``) must be in ``settings.TRUSTED_PROXIES`` (addresses or
networks) before any forwarded hop is read, and the header is then walked from the right,
skipping hops that are themselves trusted proxies. The first untrusted hop is the client.
Everything to its left was written by the client and is ignored, so a visitor who sends
their own rotating header is still counted as themselves.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """Parse ``TRUSTED_PROXIES`` entries; a malformed entry raises ``ValueError``."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def parse_address(value: str) -> IPAddress | None:
    """An address from a header or the socket, with an optional port (``1.2.3.4:80``, ``[::1]:80``)."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _is_trusted(address: IPAddress, networks: Iterable[IPNetwork]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address as text, or ``""`` when the connection has none (a unit test, a socket)."""
    peer = parse_address(request.META.get("REMOTE_ADDR", "") or "")
    if peer is None:
        return ""
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = parse_address(hop)
        if address is None:
            # Our proxy appends a valid address, so garbage here came from the client:
            # stop at the last hop a trusted proxy vouched for.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)


def axes_client_address(request: HttpRequest) -> str | None:
    """``client_address`` for django-axes: ``None`` when there is no address (a sign-in made in
    code, without a request), which its PostgreSQL ``inet`` columns store as NULL."""
    address = client_address(request) if request is not None else ""
    return address or None
