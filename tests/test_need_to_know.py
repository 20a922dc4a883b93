"""ROLE-02 need-to-know and ROLE-03 access log, for every case URL and every role.

The matrix is generated from the URL configuration: a new URL that takes a case id fails
this test until its expected access is written down here.
"""

from datetime import timedelta

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from cases.models import Sak
from cases.permissions import saker_visible_to
from core.models import AccessLogEntry
from documents.models import Dokument

from .conftest import World
from .documents.helpers import documents_storage, make_dokument  # noqa: F401  (a fixture)
from .factories import make_sak

pytestmark = pytest.mark.django_db

READERS = {"saksbehandler", "teamleder", "barnevernleder"}
TEAM = {"saksbehandler", "teamleder"}
LEADERS = {"teamleder", "barnevernleder"}

#: Who gets 200 on each case URL of team A's case; everybody else gets 404.
EXPECTED = {
    "cases:detail": READERS,
    "cases:barn_edit": TEAM,
    "cases:part_create": TEAM,
    "cases:part_edit": TEAM,
    "cases:transfer": LEADERS,
    "cases:extend": LEADERS,
    "cases:complete": TEAM,
    "cases:party_status": LEADERS,
    "cases:history": READERS,
    "cases:address_barn": READERS,  # an address that is not shielded: everyone who sees the case
    "cases:address_part": READERS,
    "cases:id_number": READERS,  # issue 19, finding 10: the full number on its own page
    "documents:list": READERS,
    "documents:download": READERS,
    "documents:dispatch": TEAM,
    "documents:retry": READERS,  # DOK-01: whoever orders the case's letters (the head approves)
    "documents:row": READERS,  # DOK-01: a row of a list asking whether its letter is made
    "vedtak:create": TEAM,
    "vedtak:detail": READERS,
    "vedtak:edit": TEAM,
    "vedtak:tiltak_add": TEAM,
    "vedtak:tiltak_edit": TEAM,
    "vedtak:tiltak_remove": TEAM,
    "vedtak:transition": TEAM,  # send_to_guidance on the draft
    "vedtak:approve_measures": {"teamleder"},  # VED-05, on a decision sent for guidance
    "vedtak:comment": READERS,
    "vedtak:forhandsvarsel": TEAM,
    "vedtak:statement": TEAM,
    "vedtak:samtykker": READERS,
    "vedtak:samtykke_create": TEAM,
    "vedtak:samtykke_withdraw": TEAM,
    "vedtak:tiltak_dates": TEAM,
    "contractors:oppdrag_create": TEAM,
    "contractors:oppdrag_detail": READERS,
    "contractors:oppdrag_edit": TEAM,
    "contractors:oppdrag_brief": TEAM,
    "contractors:oppdrag_end": TEAM,
    "plans:detail": READERS,
    "plans:create": TEAM,
    "plans:new_version": TEAM,
    "plans:history": READERS,
    "plans:interval": LEADERS,
    "plans:version": READERS,
    "plans:edit": TEAM,
    "plans:submit": TEAM,
    "plans:approve": LEADERS,
    "plans:discard": TEAM,
    "plans:send_out": TEAM,
    "evaluations:create": TEAM,
    "evaluations:detail": READERS,
    "evaluations:edit": TEAM,
    "evaluations:send_out": TEAM,
    # JOUR-04: reading the journal is a case read. A draft is its author's (JOUR-02): the note
    # here is a draft of team A's caseworker; a signed one is corrected by the team.
    "journal:journal": READERS,
    "journal:create": TEAM,
    "journal:detail": READERS,
    "journal:edit": {"saksbehandler"},
    "journal:sign": {"saksbehandler"},
    "journal:correct": TEAM,
    # INN-01: incoming documents; every read of the file is logged.
    "innkommende:list": READERS,
    "innkommende:create": TEAM,
    "innkommende:detail": READERS,
    "innkommende:download": READERS,
    "innkommende:withdraw": TEAM,
    # MOTE-01: the meetings; the minutes are the referent's (here team A's caseworker).
    "moter:list": READERS,
    "moter:plan": TEAM,
    "moter:ansvarsgruppe": TEAM,
    "moter:detail": READERS,
    "moter:edit": TEAM,
    "moter:minutes": {"saksbehandler"},
    "moter:oppgave": TEAM,
    "moter:oppgave_complete": TEAM,
    "moter:action": {"saksbehandler"},  # signing the minutes (MOTE-01)
    # KLAGE-01/02: complaints; the team registers and assesses them.
    "klage:register": TEAM,
    "klage:detail": READERS,
    "klage:action": TEAM,  # the service's assessment
    # INNSYN-01: requests for access; the team goes through the documents and answers.
    "innsyn:list": READERS,
    "innsyn:create": TEAM,
    "innsyn:detail": READERS,
    "innsyn:review": TEAM,
    "innsyn:answer": TEAM,
    # ETT-01/ETT-02: the dialogue and the decision at 18 are the team's.
    "ettervern:sak_action": TEAM,
    "ettervern:vedtak_action": TEAM,
    # HENV-01: referrals; the team writes, changes and closes them.
    "henvisning:create": TEAM,
    "henvisning:detail": READERS,
    "henvisning:edit": TEAM,
    "henvisning:action": TEAM,  # closing a draft
    # SENTER: the centre course of a referral; the team records it.
    "senter:detail": READERS,
    "senter:action": TEAM,  # Bufetat's investigation, on a draft referral (SENTER-02)
    # AVS-01/02: closing a case; the team leader approves and reopens. RUT-01: checklists.
    "avslutning:page": READERS,
    "avslutning:action": {"teamleder"},  # approving the closing
    "avslutning:reopen": {"teamleder"},
    "rutiner:sak_list": READERS,
    "rutiner:sak_detail": READERS,
}

#: The access-log action of a URL's read, when it is not "view" (ROLE-03).
ACTIONS = {
    "documents:download": AccessLogEntry.Action.PDF,
    "innkommende:download": AccessLogEntry.Action.PDF,
    "cases:history": AccessLogEntry.Action.HISTORY,
    "cases:address_barn": AccessLogEntry.Action.ADDRESS,
    "cases:address_part": AccessLogEntry.Action.ADDRESS,
    "cases:id_number": AccessLogEntry.Action.ID_NUMBER,
}

ROLES = list(World.USERS)


def iter_named_urls(resolver=None, namespace="", converters=None):
    """Every named URL pattern with the converters of its whole route."""
    from django.urls import URLResolver

    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        conv = {**(converters or {}), **getattr(p.pattern, "converters", {})}
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from iter_named_urls(p, ns, conv)
        elif p.name:
            yield f"{namespace}{p.name}", conv


def _namespaced_case_urls() -> set[str]:
    return {name for name, conv in iter_named_urls() if "sak_id" in conv}


def test_ROLE_02_every_case_url_is_in_the_matrix():
    assert _namespaced_case_urls() == set(EXPECTED)


@pytest.fixture
def sak(world, documents_storage):  # noqa: F811
    """Team A's case, from an investigation, with two parties."""
    return make_sak(
        world.saksbehandler,
        world.team_a,
        melding_mottatt=timezone.localdate() - timedelta(days=20),
        parter=2,
    )


def _url(name: str, sak: Sak) -> str:
    kwargs = {"sak_id": sak.pk}
    if name in {"cases:part_edit", "cases:address_part"}:
        kwargs["part_id"] = sak.parter.first().pk
    if name in {"documents:download", "documents:dispatch", "documents:retry", "documents:row"}:
        dokument = Dokument.objects.filter(sak=sak).first()
        kwargs["dokument_id"] = (dokument or make_dokument(sak.saksbehandler, sak)).pk
    if name.startswith("vedtak:"):
        kwargs.update(_vedtak_kwargs(name, sak))
    if name.startswith("contractors:"):
        from .contractors.factories import need_to_know_kwargs

        kwargs.update(need_to_know_kwargs(name, sak))
    if name.startswith("innkommende:"):
        from .innkommende.factories import need_to_know_kwargs as innkommende_kwargs

        kwargs.update(innkommende_kwargs(name, sak))
    if name.startswith("moter:"):
        from .moter.factories import need_to_know_kwargs as moter_kwargs

        kwargs.update(moter_kwargs(name, sak))
    if name.startswith("klage:"):
        from .klage.factories import need_to_know_kwargs as klage_kwargs

        kwargs.update(klage_kwargs(name, sak))
    if name.startswith("innsyn:"):
        from .innsyn.factories import need_to_know_kwargs as innsyn_kwargs

        kwargs.update(innsyn_kwargs(name, sak))
    if name.startswith("henvisning:"):
        from .henvisning.factories import need_to_know_kwargs as henvisning_kwargs

        kwargs.update(henvisning_kwargs(name, sak))
    if name.startswith("senter:"):
        from .senter.factories import need_to_know_kwargs as senter_kwargs

        kwargs.update(senter_kwargs(name, sak))
    if name.startswith(("avslutning:", "rutiner:")):
        from .avslutning.factories import need_to_know_kwargs as avslutning_kwargs

        kwargs.update(avslutning_kwargs(name, sak))
    if name.startswith("ettervern:"):
        from .ettervern.factories import need_to_know_kwargs as ettervern_kwargs

        kwargs.update(ettervern_kwargs(name, sak))
    if name.startswith(("plans:", "evaluations:")):
        from .plans.factories import url_kwargs

        kwargs.update(url_kwargs(name, sak))
    if name.startswith("journal:") and name not in {"journal:journal", "journal:create"}:
        from .journal.factories import need_to_know_kwargs

        kwargs.update(need_to_know_kwargs(name, sak))
    return reverse(name, kwargs=kwargs)


def _vedtak_kwargs(name: str, sak: Sak) -> dict:
    """A draft decision with a measure, a notice and a consent; one sent for guidance."""
    from vedtak import services as vs

    from .vedtak import factories as vf

    author = sak.saksbehandler
    if name == "vedtak:create":
        return {}
    if name in {"vedtak:samtykker", "vedtak:samtykke_create"}:
        return {}
    draft = sak.vedtak.filter(status="utkast").first()
    if draft is None:
        world = type("W", (), {"saksbehandler": author, "sak_a": sak})
        draft = vf.draft(world, sak=sak)
        vf.notify_all(world, draft, answered=False)
        vf.consent_all(world, draft)
    tiltak = draft.tiltak.first()
    if name in {"vedtak:tiltak_edit", "vedtak:tiltak_remove"}:
        return {"vedtak_id": draft.pk, "tiltak_id": tiltak.pk}
    if name == "vedtak:transition":
        return {"vedtak_id": draft.pk, "action": "send_to_guidance"}
    if name == "vedtak:statement":
        return {"vedtak_id": draft.pk, "forhandsvarsel_id": draft.forhandsvarsler.first().pk}
    if name == "vedtak:samtykke_withdraw":
        return {"samtykke_id": sak.samtykker.first().pk}
    if name == "vedtak:tiltak_dates":
        return {"tiltak_id": tiltak.pk, "what": "start"}
    if name == "vedtak:approve_measures":
        guided = sak.vedtak.filter(status="til_veiledning").first()
        if guided is None:
            world = type("W", (), {"saksbehandler": author, "sak_a": sak})
            guided = vf.draft(world, sak=sak)
            guided = vs.vedtak_send_to_guidance(actor=author, vedtak_id=guided.pk)
        return {"vedtak_id": guided.pk}
    return {"vedtak_id": draft.pk}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ROLE_02_ROLE_03_matrix(client, world, sak, role, name):
    user = world.users()[role]
    client.force_login(user)
    before = AccessLogEntry.objects.count()
    response = client.get(_url(name, sak))
    if role in EXPECTED[name]:
        assert response.status_code == 200, (role, name)
        # ROLE-03: one access-log row per read, naming who, what and from where.
        rows = AccessLogEntry.objects.order_by("-pk")
        assert AccessLogEntry.objects.count() == before + 1
        row = rows.first()
        action = ACTIONS.get(name, "view")
        assert (row.user_id, row.sak_id, row.action) == (user.pk, sak.pk, action)
        assert row.ip_address == "127.0.0.1"
        assert row.path == _url(name, sak)
    else:
        assert response.status_code == 404, (role, name)
        assert AccessLogEntry.objects.count() == before
        # The 404 page says nothing about the case.
        assert sak.barn.fornavn not in response.content.decode()
        assert sak.saksnummer not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_ROLE_02_post_by_outsider_is_404_and_changes_nothing(client, world, sak, role):
    if role in TEAM:
        return
    client.force_login(world.users()[role])
    response = client.post(
        reverse("cases:barn_edit", kwargs={"sak_id": sak.pk}),
        {"fornavn": "Endret", "etternavn": "X", "fodselsnummer": sak.barn.fodselsnummer},
    )
    assert response.status_code == 404
    sak.barn.refresh_from_db()
    assert sak.barn.fornavn != "Endret"


def test_ROLE_02_anonymous_is_sent_to_login_everywhere(client, world, sak):
    for name in EXPECTED:
        response = client.get(_url(name, sak))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    for name in ("core:home", "cases:list", "cases:create"):
        assert client.get(reverse(name)).status_code == 302


def test_ROLE_02_scope_by_role(world):
    def visible(user):
        return set(saker_visible_to(user).values_list("pk", flat=True))

    a, b, other = world.sak_a.pk, world.sak_b.pk, world.sak_annen.pk
    assert visible(world.saksbehandler) == {a}
    assert visible(world.teamleder) == {a}
    assert visible(world.teamleder_b) == {b}
    assert visible(world.barnevernleder) == {a, b}
    assert visible(world.annen_tjeneste) == {other}
    assert visible(world.kontorfaglig) == set()
    assert visible(world.systemadmin) == set()
    assert visible(world.uten_rolle) == set()


def test_ROLE_02_ended_role_and_inactive_user_see_nothing(world):
    from django.utils import timezone as tz

    membership = world.saksbehandler.rolletildelinger.get()
    membership.avsluttet = tz.now()
    membership.save()
    from .factories import fresh

    assert not saker_visible_to(fresh(world.saksbehandler)).exists()
    world.teamleder.is_active = False
    assert not saker_visible_to(world.teamleder).exists()


@pytest.mark.parametrize("role", ROLES)
def test_ROLE_02_case_list_shows_only_visible_cases(client, world, role):
    user = world.users()[role]
    client.force_login(user)
    response = client.get(reverse("cases:list"), {"status": "alle"})
    assert response.status_code == 200
    html = response.content.decode()
    visible = set(saker_visible_to(user).values_list("barn__etternavn", flat=True))
    for sak in (world.sak_a, world.sak_b, world.sak_annen):
        assert (sak.barn.etternavn in html) == (sak.barn.etternavn in visible)


def test_ROLE_02_start_page_for_every_role(client, world):
    for role, user in world.users().items():
        client.force_login(user)
        response = client.get(reverse("core:home"))
        assert response.status_code == 200, role
        html = response.content.decode()
        if role not in {"saksbehandler", "teamleder", "barnevernleder"}:
            assert world.sak_a.barn.etternavn not in html


def test_ROLE_03_access_log_is_append_only(world, client):
    from core.models import AppendOnlyError

    client.force_login(world.saksbehandler)
    client.get(reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk}))
    row = AccessLogEntry.objects.get()
    row.reason = "endret"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()


def test_ROLE_03_access_log_append_only_in_the_database(world, client):
    """On PostgreSQL a trigger refuses UPDATE and DELETE, even from raw SQL."""
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    client.force_login(world.saksbehandler)
    client.get(reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk}))
    for sql in ("UPDATE core_accesslogentry SET reason = 'x'", "DELETE FROM core_accesslogentry"):
        with (
            pytest.raises(DatabaseError, match="ROLE-03"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AccessLogEntry.objects.count() == 1


def test_ROLE_03_read_fails_closed_when_log_cannot_be_written(world, client, monkeypatch):
    from django.db import DatabaseError

    def broken(*args, **kwargs):
        raise DatabaseError("log unavailable")

    monkeypatch.setattr(AccessLogEntry.objects, "create", broken)
    client.raise_request_exception = False
    client.force_login(world.saksbehandler)
    response = client.get(reverse("cases:detail", kwargs={"sak_id": world.sak_a.pk}))
    assert response.status_code == 500
    assert world.sak_a.barn.etternavn not in response.content.decode()
