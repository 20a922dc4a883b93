"""Role fixtures: one service with two teams, a user for every role, and a second service.

- ``saksbehandler`` and ``teamleder`` work in team A; ``saksbehandler_b`` and ``teamleder_b``
  in team B of the same service; ``barnevernleder`` heads the service; ``kontorfaglig`` and
  ``systemadmin`` hold service roles without case access; ``annen_tjeneste`` is the head of
  another municipality's service.

The date sweep (issue 17): with ``SWEEP_DATE`` set, the whole session runs with the clock moved
there by time-machine (ticking on). ``make test-dates`` runs the ``date_sensitive`` tests once
per date of ``scripts/date-sweep.sh``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as DjangoClient

from accounts.models import Rolle

from .factories import grant, make_sak, make_user, org, totp_device

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# --- The date sweep ---------------------------------------------------------------------------

OSLO = ZoneInfo("Europe/Oslo")  # settings.TIME_ZONE; the settings are not loaded yet here

# The tests that depend on today's date: rules with dates, the nightly finders and digest, the
# services and selectors that stamp or compare dates, the synthetic generator and the bench, the
# demo loader. The sweep (``make test-dates``) runs these on every date it tries; a module may
# also mark itself with ``pytest.mark.date_sensitive``. Left out for time: the pages and letters
# (they show what these compute) and each app's own demo tests (tests/test_demo_rules.py loads
# the demo on the awkward dates itself).
DATE_SENSITIVE = (
    "audit/test_break_glass.py",
    "avslutning/",
    "cases/test_actions.py",
    "cases/test_new_case_age.py",
    "cases/test_rules.py",
    "cases/test_selectors.py",
    "cases/test_services.py",
    "contractors/test_actions.py",
    "contractors/test_documents.py",
    "contractors/test_rules.py",
    "contractors/test_selectors.py",
    "contractors/test_services.py",
    "contractors/test_views.py",
    "documents/test_actions.py",
    "documents/test_after_response.py",
    "documents/test_retry.py",
    "ettervern/",
    "evaluations/",
    "henvisning/",
    "innkommende/",
    "innsyn/",
    "journal/",
    "klage/",
    "moter/",
    "plans/test_rules.py",
    "plans/test_services.py",
    "programbank/test_choosing.py",
    "rapportering/test_extract.py",
    "rapportering/test_kategorier.py",
    "reminders/test_digest.py",
    "reminders/test_finders.py",
    "reminders/test_moter.py",
    "reminders/test_sam03_withdrawn.py",
    "security/test_issue19_break_glass.py",
    "security/test_issue19_fnr_oracle.py",
    "security/test_issue19_input.py",
    "security/test_issue19_lists.py",
    "test_bench_smoke.py",
    "test_demo.py",
    "vedtak/test_actions.py",
    "vedtak/test_sam01_adult.py",
    "vedtak/test_services.py",
)
#: Tests of a date-sensitive module that read no date and cost much: left out of the sweep.
NOT_DATE_SENSITIVE = (
    # Migrates the database back and forth (issue 19); the migration reads no date.
    "security/test_issue19_fnr_oracle.py::"
    "test_finding1_the_migration_gives_each_child_the_service_of_its_case",
    # An app's own demo test and a walk over every page (see above: left out for time).
    "ettervern/test_demo.py::test_ETT_01_ETT_02_demo_youths_at_18",
    "avslutning/test_closed_case_urls.py::test_AVS_02_a_closed_case_refuses_every_write_url",
)


def sweep_instant(value: str) -> datetime:
    """``SWEEP_DATE`` as an aware instant: a date alone is noon in Oslo, a date and time
    without an offset is Oslo's wall clock, ``Z`` or ``+01:00`` give the instant itself."""
    if len(value) == 10:
        return datetime.combine(date.fromisoformat(value), time(12), tzinfo=OSLO)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=OSLO)


_sweep_key = pytest.StashKey[object]()


def pytest_configure(config):
    """With ``SWEEP_DATE`` set, move the clock there for the whole session, before anything is
    collected (xdist workers do this too, each in its own process). The clock keeps ticking,
    so durations, timeouts and one-time codes behave as on any day."""
    value = os.environ.get("SWEEP_DATE", "").strip()
    if not value or value == "today":
        return
    import time_machine

    traveller = time_machine.travel(sweep_instant(value), tick=True)
    traveller.start()
    config.stash[_sweep_key] = traveller


def pytest_unconfigure(config):
    traveller = config.stash.get(_sweep_key, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    value = os.environ.get("SWEEP_DATE", "").strip()
    if value and value != "today":
        now = datetime.now(OSLO)
        return f"date sweep: SWEEP_DATE={value}, the clock reads {now:%Y-%m-%d %H:%M %Z} in Oslo"
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark the date-sensitive modules (before ``-m`` selects), see DATE_SENSITIVE."""
    here = Path(__file__).parent
    for item in items:
        try:
            rel = item.path.relative_to(here).as_posix()
        except ValueError:
            continue
        if rel.startswith(DATE_SENSITIVE) and f"{rel}::{item.name}" not in NOT_DATE_SENSITIVE:
            item.add_marker(pytest.mark.date_sensitive)


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


@pytest.fixture(autouse=True)
def _no_request_left_open():
    """A test that fetched a download without reading it leaves its request open (the test
    client closes a streamed response only when its content is read): the next test's eager
    tasks would be deferred to a response that never ends (hjelpetiltak.celery)."""
    yield
    from hjelpetiltak.celery import forget_request

    forget_request()


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
