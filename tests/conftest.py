"""Role fixtures: one service with two teams, a user for every role, and a second service.

- ``saksbehandler`` and ``teamleder`` work in team A; ``saksbehandler_b`` and ``teamleder_b``
  in team B of the same service; ``barnevernleder`` heads the service; ``kontorfaglig`` and
  ``systemadmin`` hold service roles without case access; ``annen_tjeneste`` is the head of
  another municipality's service.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.test import Client as DjangoClient

from accounts.models import Rolle

from .factories import grant, make_sak, make_user, org, totp_device

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class Client(DjangoClient):
    """The test client, with two-factor login enforced as in production.

    ``force_login(user)`` stands for a whole login: the password *and* the one-time code (the
    user gets a confirmed authenticator device and the session is marked verified, as
    ``accounts.views.otp_verify`` does). ``force_login(user, otp=False)`` stops after the
    password, as a user who has not yet entered the code.
    """

    def force_login(self, user, backend=None, *, otp: bool = True):
        super().force_login(user, backend)
        if otp:
            from django_otp import DEVICE_ID_SESSION_KEY

            session = self.session
            session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
            session.save()


@pytest.fixture
def client() -> Client:
    """pytest-django's ``client``, with :class:`Client`'s two-factor ``force_login``."""
    return Client()


@dataclass
class World:
    tjeneste: object
    team_a: object
    team_b: object
    saksbehandler: object
    saksbehandler_b: object
    teamleder: object
    teamleder_b: object
    barnevernleder: object
    kontorfaglig: object
    systemadmin: object
    annen_tjeneste: object
    uten_rolle: object
    sak_a: object
    sak_b: object
    sak_annen: object

    USERS = (
        "saksbehandler",
        "saksbehandler_b",
        "teamleder",
        "teamleder_b",
        "barnevernleder",
        "kontorfaglig",
        "systemadmin",
        "annen_tjeneste",
        "uten_rolle",
    )

    def users(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.USERS}


@pytest.fixture
def world(db) -> World:
    from vedtak.catalogue import seed_tiltakstyper

    seed_tiltakstyper()  # a transactional test before this one may have flushed them
    tjeneste, team_a, team_b = org("9901")
    annen, annet_team, _ = org("9902")
    sb = grant(make_user("sb_a"), Rolle.SAKSBEHANDLER, team=team_a)
    sb_b = grant(make_user("sb_b"), Rolle.SAKSBEHANDLER, team=team_b)
    tl = grant(make_user("tl_a"), Rolle.TEAMLEDER, team=team_a)
    tl_b = grant(make_user("tl_b"), Rolle.TEAMLEDER, team=team_b)
    bvl = grant(make_user("bvl"), Rolle.BARNEVERNLEDER, tjeneste=tjeneste)
    kf = grant(make_user("kf"), Rolle.KONTORFAGLIG, tjeneste=tjeneste)
    sysadm = grant(make_user("sysadm"), Rolle.SYSTEMADMINISTRATOR, tjeneste=tjeneste)
    other_bvl = grant(make_user("bvl_annen"), Rolle.BARNEVERNLEDER, tjeneste=annen)
    other_sb = grant(make_user("sb_annen"), Rolle.SAKSBEHANDLER, team=annet_team)
    return World(
        tjeneste=tjeneste,
        team_a=team_a,
        team_b=team_b,
        saksbehandler=sb,
        saksbehandler_b=sb_b,
        teamleder=tl,
        teamleder_b=tl_b,
        barnevernleder=bvl,
        kontorfaglig=kf,
        systemadmin=sysadm,
        annen_tjeneste=other_bvl,
        uten_rolle=make_user("ingen"),
        sak_a=make_sak(sb, team_a, parter=2),
        sak_b=make_sak(sb_b, team_b, parter=1),
        sak_annen=make_sak(other_sb, annet_team, parter=1),
    )
