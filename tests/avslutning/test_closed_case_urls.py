"""AVS-02: a closed case is read-only for everyone. Every case-scoped URL (the enumeration of
tests/test_need_to_know.py) is POSTed by each role: a refusal (409, the case is closed) or 404,
never a change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cases.models import Sak
from core.models import AccessLogEntry
from tests.factories import make_sak
from tests.test_need_to_know import _url, iter_named_urls

pytestmark = pytest.mark.django_db

#: Written by a read (the access log) or a login (the test's force_login: a session, a second
#: factor, the user's last login), not by a change to the case.
NOT_CHANGES = {
    "core.accesslogentry",
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "accounts.usersession",
    "accounts.historicaluser",
    "otp_totp.totpdevice",
}


def _case_urls(sak: Sak) -> dict[str, str]:
    urls = {}
    for name, conv in iter_named_urls():
        if "sak_id" not in conv:
            continue
        try:
            urls[name] = _url(name, sak)
        except (NoReverseMatch, AttributeError, TypeError):
            # A URL the matrix does not know yet: any ids will do, the case is closed first.
            kwargs = {
                k: (sak.pk if k == "sak_id" else 1 if "int" in type(c).__name__.lower() else "x")
                for k, c in conv.items()
            }
            urls[name] = reverse(name, kwargs=kwargs)
    return urls


def _snapshot() -> dict[str, int]:
    """How many rows every model has (a change writes at least one history row)."""
    return {
        m._meta.label_lower: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.label_lower not in NOT_CHANGES and m._meta.managed
    }


@pytest.fixture
def sak(world, documents_storage):
    return make_sak(
        world.saksbehandler,
        world.team_a,
        melding_mottatt=timezone.localdate() - timedelta(days=20),
        parter=2,
    )


def test_AVS_02_a_closed_case_refuses_every_write_url(client, world, sak):
    urls = _case_urls(sak)  # the records behind them made while the case is open
    assert {"cases:barn_edit", "vedtak:create", "avslutning:page", "rutiner:sak_detail"} <= set(
        urls
    )
    # Closed (the closing itself, with what must be done first, is tested elsewhere).
    Sak.objects.filter(pk=sak.pk).update(status=Sak.Status.AVSLUTTET)
    before = _snapshot()
    for role in ("saksbehandler", "teamleder", "barnevernleder", "saksbehandler_b"):
        client.force_login(world.users()[role])
        sees = role != "saksbehandler_b"
        for name, url in sorted(urls.items()):
            response = client.post(url, {"begrunnelse": "x", "oppsummering": "x"})
            if name == "avslutning:reopen":
                # The one write a closed case takes, and only the team leader's (the closing
                # it names here awaits approval: nothing to reopen, so nothing changes).
                assert response.status_code in (200, 404), (role, name)
            elif sees:
                assert response.status_code == 409, (role, name, response.status_code)
                assert "AVS-02" in response.content.decode()
            else:
                assert response.status_code == 404, (role, name)
    assert _snapshot() == before
    # Reads still work and are logged (ROLE-03).
    client.force_login(world.saksbehandler)
    logged = AccessLogEntry.objects.count()
    assert client.get(reverse("cases:detail", args=[sak.pk])).status_code == 200
    assert AccessLogEntry.objects.count() == logged + 1
