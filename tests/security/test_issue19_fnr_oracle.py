"""Issue 19, finding 1: no existence oracle in «New case» (SAK-01 within a service).

On a8b278b a child's number was unique across the database, so opening a case with a number
known to another service or another team answered «… finnes allerede (SAK-01)», with nothing in
the access log. Now the number is unique within a service: outside the existing case's
need-to-know the answer for a known number is the answer for an unknown one; inside the service
the new case is a possible duplicate that the owning team's leader decides, and the attempt is
in the existing case's access log with a keyed hash of the number, never the number.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Rolle
from cases import services
from cases.models import Barn, MuligDuplikat, Sak
from core.models import AccessLogEntry

from ..conftest import Client
from ..factories import grant, make_user, synthetic_number

pytestmark = pytest.mark.django_db

CREATE = reverse("cases:create")


def _nabo(world):
    """A caseworker of the other municipality (its team holds ``sak_annen``)."""
    return grant(make_user("sb_nabo"), Rolle.SAKSBEHANDLER, team=world.sak_annen.team)


def _post_case(client, team, fodselsnummer, **extra):
    return client.post(
        CREATE,
        {
            "team": team.pk if team else "",
            "fornavn": "Mia",
            "etternavn": "Nyberg",
            "fodselsnummer": fodselsnummer,
            "sprak": "norsk",
            "adressebeskyttelse": "ingen",
            **extra,
        },
    )


def _mia(fodselsnummer: str) -> dict:
    return {"fornavn": "Mia", "etternavn": "Nyberg", "fodselsnummer": fodselsnummer}


def _normalise(text: str, sak: Sak | None) -> str:
    """A page without what differs between any two requests (the CSRF token, a CSP nonce) and
    without the new case's own ids and numbers."""
    text = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1CSRF", text)
    text = re.sub(r'(name="csrf-token" content=")[^"]+', r"\1CSRF", text)
    text = re.sub(r'("X-CSRFToken": ")[^"]+', r"\1CSRF", text)
    text = re.sub(r'nonce="[^"]+"', 'nonce="NONCE"', text)
    text = re.sub(r'data-seconds-left="\d+"', 'data-seconds-left="N"', text)  # the idle clock
    text = re.sub(r"nonce-[A-Za-z0-9+/=_-]+", "nonce-NONCE", text)
    if sak is not None:
        text = text.replace(sak.saksnummer, "SAKSNUMMER")
        text = re.sub(rf"([/=]){sak.pk}(?![0-9])", r"\1PK", text)  # /saker/PK/, ?sak=PK
    return text


#: Compared apart (the redirect), or not at all (the cookies: the session and CSRF token).
IGNORED_HEADERS = {"set-cookie", "location", "content-length"}
#: The clock's, not the case's: there, not their value.
TIMES = {"expires", "date", "last-modified"}


def _headers(response, sak) -> dict[str, str]:
    return {
        k.lower(): "TIME" if k.lower() in TIMES else _normalise(v, sak)
        for k, v in response.headers.items()
        if k.lower() not in IGNORED_HEADERS
    }


def _new_case(response) -> Sak | None:
    if response.status_code != 302:
        return None
    match = re.fullmatch(r"/saker/(\d+)/", response["Location"])
    assert match, response["Location"]
    return Sak.objects.select_related("barn").get(pk=int(match[1]))


OUTSIDE = ["saksbehandler_b", "teamleder_b", "nabo", "annen_tjeneste", "kontorfaglig",
           "systemadmin", "uten_rolle"]  # fmt: skip


@pytest.mark.parametrize("who", OUTSIDE)
def test_finding1_known_and_unknown_number_answer_the_same_outside_need_to_know(world, who):
    """For everyone outside the case's need-to-know (another service; another team of the
    same service; no case role), creating a case with the number of team A's child and with
    a number nobody has answers alike: status, redirect (apart from the new case's id),
    headers (apart from cookies), body (apart from the CSRF token and the new case's own ids),
    and the page the redirect leads to, with the same message."""
    existing = world.sak_a.barn
    user = _nabo(world) if who == "nabo" else getattr(world, who)
    team = {
        "saksbehandler_b": world.team_b,
        "teamleder_b": world.team_b,
        "nabo": world.sak_annen.team,
    }.get(who, world.team_a)
    unknown = synthetic_number(existing.fodselsdato)  # the same birth date: the same page
    pages = []
    for number in (existing.fodselsnummer, unknown):
        client = Client()
        client.force_login(user)
        form = client.get(CREATE)
        response = _post_case(client, team, number)
        sak = _new_case(response)
        follow = client.get(response["Location"]) if sak is not None else None
        pages.append(
            {
                "form": (form.status_code, _headers(form, None), _normalise(form.text, None)),
                "status": response.status_code,
                "location": _normalise(response.get("Location", ""), sak),
                "headers": _headers(response, sak),
                "body": _normalise(response.text, sak),
                "next": None
                if follow is None
                else (follow.status_code, _headers(follow, sak), _normalise(follow.text, sak)),
            }
        )
    known, new = pages
    assert known == new
    if who in {"saksbehandler_b", "teamleder_b", "nabo"}:
        assert known["status"] == 302  # a case was opened, both times
        assert "SAK-01" not in known["next"][2]


def test_finding1_the_attempt_is_logged_with_a_keyed_hash_never_the_number(world, settings):
    existing = world.sak_a
    number = existing.barn.fodselsnummer
    client = Client()
    client.force_login(world.saksbehandler_b)
    response = _post_case(client, world.team_b, number)
    assert response.status_code == 302
    row = AccessLogEntry.objects.get(sak=existing, action=AccessLogEntry.Action.DUPLICATE)
    assert row.user == world.saksbehandler_b
    assert row.path == CREATE
    assert row.ip_address == "127.0.0.1"
    digest = services.id_number_digest(number)
    assert row.reason == f"hmac-sha256:{digest}"
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    for value in AccessLogEntry.objects.values_list("path", "reason"):
        assert number not in " ".join(value)
        assert number[:6] not in " ".join(value)
    # Keyed with SECRET_KEY: without the key the hash cannot be recomputed from a guess.
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert services.id_number_digest(number) != digest


def test_finding1_the_new_case_is_a_possible_duplicate_for_the_owning_team(world):
    existing = world.sak_a
    client = Client()
    client.force_login(world.saksbehandler_b)
    new = _new_case(_post_case(client, world.team_b, existing.barn.fodselsnummer))
    duplikat = MuligDuplikat.objects.get()
    assert (duplikat.sak, duplikat.eksisterende, duplikat.status) == (
        new,
        existing,
        MuligDuplikat.Status.APEN,
    )
    assert duplikat.registrert_av == world.saksbehandler_b
    assert new.barn.duplikat_av_id == existing.barn_id
    assert new.barn.tjeneste_id == existing.tjeneste_id
    # The caseworker's own pages say nothing of it: the start page, the new case's page and
    # its history (which keeps the child's every field, but not whose duplicate it may be).
    for url in (
        reverse("core:home"),
        reverse("cases:detail", kwargs={"sak_id": new.pk}),
        reverse("cases:history", kwargs={"sak_id": new.pk}),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert existing.saksnummer not in page.text
        assert existing.barn.etternavn not in page.text
        assert "duplikat" not in page.text.lower()


def test_finding1_a_caseworker_who_may_see_the_case_is_told_and_pointed_to_it(world):
    existing = world.sak_a
    for user in (world.saksbehandler, world.teamleder):
        client = Client()
        client.force_login(user)
        response = _post_case(client, world.team_a, existing.barn.fodselsnummer)
        assert response.status_code == 200
        error = re.search(r'id="id_fodselsnummer_error"[^>]*>(.*?)</', response.text, re.S)
        assert error and "SAK-01" in error[1]
        assert existing.saksnummer in error[1]
    assert not MuligDuplikat.objects.exists()
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.DUPLICATE).exists()


def test_finding1_a_child_may_have_cases_in_two_municipalities(world):
    existing = world.sak_a
    nabo = _nabo(world)
    before = AccessLogEntry.objects.filter(sak=existing).count()
    sak = services.sak_create(
        actor=nabo,
        team=world.sak_annen.team,
        barn_data=_mia(existing.barn.fodselsnummer),
    )
    assert sak.tjeneste_id == world.sak_annen.tjeneste_id != existing.tjeneste_id
    assert sak.barn.duplikat_av_id is None  # nothing in another service is looked at
    assert Barn.objects.filter(fodselsnummer=existing.barn.fodselsnummer).count() == 2
    assert not MuligDuplikat.objects.exists()
    assert AccessLogEntry.objects.filter(sak=existing).count() == before


def test_finding1_a_changed_number_is_registered_as_a_new_child_would_be(world):
    """Editing the child's number to one another team's child has answers as saving any
    number does; the owning team's leader is asked and the attempt logged."""
    existing = world.sak_a
    client = Client()
    client.force_login(world.saksbehandler_b)
    url = reverse("cases:barn_edit", kwargs={"sak_id": world.sak_b.pk})
    barn = world.sak_b.barn
    response = client.post(
        url,
        {
            "fornavn": barn.fornavn,
            "etternavn": barn.etternavn,
            "fodselsnummer": existing.barn.fodselsnummer,
            "sprak": barn.sprak,
            "adressebeskyttelse": barn.adressebeskyttelse,
        },
    )
    assert response.status_code == 302
    duplikat = MuligDuplikat.objects.get()
    assert (duplikat.sak, duplikat.eksisterende) == (world.sak_b, existing)
    row = AccessLogEntry.objects.get(action=AccessLogEntry.Action.DUPLICATE)
    assert (row.user, row.sak, row.path) == (world.saksbehandler_b, existing, url)
    # The case's history shows the change, not whose child the number is.
    history = client.get(reverse("cases:history", kwargs={"sak_id": world.sak_b.pk})).text
    assert existing.barn.etternavn not in history
    assert "duplikat" not in history.lower()


def _duplicate(world) -> MuligDuplikat:
    services.sak_create(
        actor=world.saksbehandler_b,
        team=world.team_b,
        barn_data=_mia(world.sak_a.barn.fodselsnummer),
    )
    return MuligDuplikat.objects.select_related("sak").get()


def _action_url(duplikat, name):
    return reverse("cases:duplicate", kwargs={"duplikat_id": duplikat.pk, "name": name})


def test_finding1_only_the_owning_teams_leaders_decide(world):
    """The possible duplicate is the existing case's team leader's (and the head of
    service's); everybody else gets 404 and leaves no trace."""
    duplikat = _duplicate(world)
    for who, user in world.users().items():
        client = Client()
        client.force_login(user)
        last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        response = client.get(_action_url(duplikat, "link"))
        logged = list(AccessLogEntry.objects.filter(pk__gt=last))
        home = client.get(reverse("core:home")).text
        if who in {"teamleder", "barnevernleder"}:
            assert response.status_code == 200, who
            assert _action_url(duplikat, "link") in home
            # Both cases' children are on the page: both reads are logged (ROLE-03).
            assert sorted((r.user_id, r.sak_id) for r in logged) == sorted(
                [(user.pk, duplikat.sak_id), (user.pk, duplikat.eksisterende_id)]
            )
        else:
            assert response.status_code == 404, who
            assert _action_url(duplikat, "link") not in home
            assert not logged
    client = Client()
    client.force_login(world.teamleder)
    assert client.get(_action_url(duplikat, "no-such-action")).status_code == 404


def test_finding1_the_team_leader_links_the_new_case_to_the_existing_one(world):
    duplikat = _duplicate(world)
    client = Client()
    client.force_login(world.teamleder)
    assert "Mulige duplikater" in client.get(reverse("core:home")).text
    response = client.post(_action_url(duplikat, "link"))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk})
    duplikat.refresh_from_db()
    assert duplikat.status == MuligDuplikat.Status.KOBLET
    assert (duplikat.avgjort_av, duplikat.avgjort is not None) == (world.teamleder, True)
    new = Sak.objects.get(pk=duplikat.sak_id)
    assert new.status == Sak.Status.AVSLUTTET
    assert new.history.first().history_change_reason.startswith("Koblet til")
    world.sak_a.refresh_from_db()
    assert world.sak_a.status == Sak.Status.AKTIV
    # Decided: off the queue, and not decided twice.
    assert _action_url(duplikat, "link") not in client.get(reverse("core:home")).text
    again = client.post(_action_url(duplikat, "dismiss"))
    assert again.status_code == 200
    assert "SAK-01" in again.text
    duplikat.refresh_from_db()
    assert duplikat.status == MuligDuplikat.Status.KOBLET


def test_finding1_the_team_leader_finds_it_is_not_a_duplicate(world):
    duplikat = _duplicate(world)
    client = Client()
    client.force_login(world.teamleder)
    assert client.post(_action_url(duplikat, "dismiss")).status_code == 302
    duplikat.refresh_from_db()
    assert duplikat.status == MuligDuplikat.Status.IKKE_DUPLIKAT
    assert Sak.objects.get(pk=duplikat.sak_id).status == Sak.Status.AKTIV


def test_finding1_the_team_leader_transfers_the_existing_case(world):
    duplikat = _duplicate(world)
    client = Client()
    client.force_login(world.teamleder)
    url = _action_url(duplikat, "transfer")
    refused = client.post(url, {"overgangsmote_dato": str(timezone.localdate())})
    assert refused.status_code == 200
    assert "SAK-04" in refused.text or 'aria-invalid="true"' in refused.text
    response = client.post(
        url,
        {
            "overgangsmote_dato": str(timezone.localdate() - timedelta(days=1)),
            "overgangsmote_notat": "Barnet har flyttet til team B sitt område.",
        },
    )
    assert response.status_code == 302
    existing = Sak.objects.get(pk=world.sak_a.pk)
    assert (existing.team, existing.saksbehandler) == (world.team_b, world.saksbehandler_b)
    assert existing.overforinger.get().utfort_av == world.teamleder
    assert Sak.objects.get(pk=duplikat.sak_id).status == Sak.Status.AVSLUTTET
    duplikat.refresh_from_db()
    assert duplikat.status == MuligDuplikat.Status.OVERFORT


@pytest.fixture
def migration_db(django_db_blocker):
    """An empty PostgreSQL database of its own (``migr``), for a data migration's test: it is
    migrated only as far as the migration needs, instead of taking the whole test database
    back and forth through every later migration of every app."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("the migration test runs on PostgreSQL")
    name = f"{connection.settings_dict['NAME']}_migr"
    with django_db_blocker.unblock():
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connections.databases["migr"] = {**connection.settings_dict, "NAME": name}
        try:
            yield connections["migr"]
        finally:
            connections["migr"].close()
            del connections["migr"]
            del connections.databases["migr"]
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_finding1_the_migration_gives_each_child_the_service_of_its_case(migration_db):
    """The data migration: a child's service is its case's (or, with no case, its
    investigation's team's); after it, the same number may stand in two services."""
    from django.db.migrations.executor import MigrationExecutor

    before = [("cases", "0001_initial")]
    after = [("cases", "0002_barn_unique_within_tjeneste")]
    executor = MigrationExecutor(migration_db)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps

    def rows(app, model):
        return old.get_model(app, model).objects.db_manager("migr")

    services_, teams = [], []
    for nummer in ("9801", "9802"):
        tjeneste = rows("accounts", "Tjeneste").create(
            navn=nummer, kommune=nummer, kommunenummer=nummer
        )
        services_.append(tjeneste)
        teams.append(rows("accounts", "Team").create(tjeneste=tjeneste, navn="Team"))
    user = rows("accounts", "User").create(username="migrering")
    born = timezone.localdate() - timedelta(days=3000)
    with_case = rows("cases", "Barn").create(
        fornavn="A", etternavn="B", fodselsnummer=synthetic_number(born), fodselsdato=born
    )
    rows("cases", "Sak").create(
        saksnummer="2020/00001",
        tjeneste_id=services_[1].pk,
        barn=with_case,
        team_id=teams[1].pk,
        saksbehandler_id=user.pk,
    )
    investigated = rows("cases", "Barn").create(
        fornavn="C", etternavn="D", fodselsnummer=synthetic_number(born), fodselsdato=born
    )
    rows("cases", "Undersokelse").create(
        barn=investigated, team_id=teams[0].pk, melding_mottatt=born
    )

    executor = MigrationExecutor(migration_db)
    executor.migrate(after)
    barn = executor.loader.project_state(after).apps.get_model("cases", "Barn")
    barn = barn.objects.db_manager("migr")
    assert barn.get(pk=with_case.pk).tjeneste_id == services_[1].pk
    assert barn.get(pk=investigated.pk).tjeneste_id == services_[0].pk
    barn.create(  # the same number in another service: allowed now
        tjeneste_id=services_[0].pk,
        fornavn="A",
        etternavn="B",
        fodselsnummer=with_case.fodselsnummer,
        fodselsdato=born,
    )
