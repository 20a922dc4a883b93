"""Issue 19, finding 11: ``TRUST_X_FORWARDED_FOR`` trusts only the proxy's address.

With the setting on, any client that reached the application directly could write its own
``X-Forwarded-For`` and so choose the address in the access log (ROLE-03) and the lockout's
(address, user name) pair. The header now counts only when the direct peer (``REMOTE_ADDR``)
is one of ``TRUSTED_PROXIES``.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.http import client_ip
from core.models import AccessLogEntry

from ..test_settings import GOOD_KEY, settings_of

PROXY = "172.30.250.10"
CLIENT = "198.51.100.7"
FORGED = "203.0.113.99"


def request(peer: str | None, forwarded: str | None = None):
    meta = {}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    req = RequestFactory().get("/", **meta)
    if peer is None:
        del req.META["REMOTE_ADDR"]
    else:
        req.META["REMOTE_ADDR"] = peer
    return req


@pytest.fixture
def behind_proxy(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    settings.TRUSTED_PROXIES = [PROXY]
    return settings


def test_finding11_forwarded_for_from_the_trusted_proxy_is_the_client(behind_proxy):
    assert client_ip(request(PROXY, CLIENT)) == CLIENT
    # Caddy appends to what it was given: the last hop is the one it added.
    assert client_ip(request(PROXY, f"{FORGED}, {CLIENT}")) == CLIENT
    # The proxy seen through an IPv6 socket is still the proxy.
    assert client_ip(request(f"::ffff:{PROXY}", CLIENT)) == CLIENT


def test_finding11_forwarded_for_from_any_other_peer_is_ignored(behind_proxy):
    """A client past the proxy (or another container) writes the header itself: its own
    address counts, whatever it claims."""
    assert client_ip(request(CLIENT, FORGED)) == CLIENT
    assert client_ip(request("172.30.250.11", FORGED)) == "172.30.250.11"
    assert client_ip(request("127.0.0.1", FORGED)) == "127.0.0.1"
    assert client_ip(request(None, FORGED)) is None


def test_finding11_trusted_proxies_may_name_networks(behind_proxy):
    behind_proxy.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
    assert client_ip(request("10.1.2.3", CLIENT)) == CLIENT
    assert client_ip(request("2001:db8::1", CLIENT)) == CLIENT
    assert client_ip(request("11.0.0.1", CLIENT)) == "11.0.0.1"


def test_finding11_a_forwarded_hop_that_is_no_address_is_ignored(behind_proxy):
    assert client_ip(request(PROXY, "unknown")) == PROXY
    assert client_ip(request(PROXY, f"{CLIENT}, ")) == PROXY
    assert client_ip(request(PROXY, "")) == PROXY


def test_finding11_without_trust_x_forwarded_for_the_header_is_never_read(settings):
    settings.TRUST_X_FORWARDED_FOR = False
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request(PROXY, CLIENT)) == PROXY


def test_finding11_default_trusts_the_local_host_only():
    out = settings_of(
        "hjelpetiltak.settings.production",
        {"SECRET_KEY": GOOD_KEY, "TRUST_X_FORWARDED_FOR": "true"},
        "s.TRUSTED_PROXIES",
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['127.0.0.1', '::1']"
    bad = settings_of(
        "hjelpetiltak.settings.production",
        {"SECRET_KEY": GOOD_KEY, "TRUSTED_PROXIES": "proxy.example"},
        "s.TRUSTED_PROXIES",
    )
    assert bad.returncode != 0
    assert "TRUSTED_PROXIES" in bad.stderr


@pytest.mark.django_db
def test_finding11_the_access_log_keeps_the_peer_when_the_header_is_forged(
    client, world, behind_proxy
):
    client.force_login(world.saksbehandler)
    url = reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk})
    assert client.get(url, REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=FORGED).status_code == 200
    assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT).status_code == 200
    rows = AccessLogEntry.objects.filter(user=world.saksbehandler, sak=world.sak_a)
    assert list(rows.order_by("id").values_list("ip_address", flat=True)) == [CLIENT, CLIENT]
