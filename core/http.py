"""Small request helpers shared by the views."""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, for the access log (ROLE-03) and the lockout.

    The direct peer (``REMOTE_ADDR``), unless ``TRUST_X_FORWARDED_FOR`` is set *and* the peer
    is one of ``TRUSTED_PROXIES`` (the reverse proxy of the deployment): then the last hop of
    ``X-Forwarded-For``, the one that proxy added. A client that reaches the application past
    the proxy, or writes the header itself, gets its own address logged (issue 19, finding 11).
    A last hop that is not an address is ignored too.
    """
    peer = request.META.get("REMOTE_ADDR") or None
    if peer and getattr(settings, "TRUST_X_FORWARDED_FOR", False) and is_trusted_proxy(peer):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and (hop := _address(forwarded.split(",")[-1])) is not None:
            return str(hop)
    return peer


def is_trusted_proxy(peer: str) -> bool:
    address = _address(peer)
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    return address is not None and any(address in network for network in networks)


def _address(value: str) -> IPv4Address | IPv6Address | None:
    try:
        address = ip_address(value.strip())
    except ValueError:
        return None
    # An IPv4 peer seen through an IPv6 socket (::ffff:10.0.0.1) is that IPv4 address.
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ip_network(proxy.strip(), strict=False) for proxy in proxies)
