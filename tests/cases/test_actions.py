"""The action tables of cases (cases/actions.py): each role is offered exactly its actions on
a case, a party, an investigation and the case list (ROLE-01, ROLE-02, SAK-02 … SAK-04); the
rules that block an action show on the page with their rule ID (SAK-03)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.actions import PART, SAK, SAKER, UNDERSOKELSE
from core.exceptions import NotFound

from ..conftest import World
from ..factories import make_sak

pytestmark = pytest.mark.django_db


def _offered(machine, obj, world) -> dict[str, set[str]]:
    return {
        role: {o.name for o in machine.offers(obj, user)} for role, user in world.users().items()
    }


def _expect(**by_role) -> dict[str, set[str]]:
    return {role: set(by_role.get(role, ())) for role in World.USERS}


def _detail(client, user, sak) -> str:
    client.force_login(user)
    response = client.get(reverse("cases:detail", kwargs={"sak_id": sak.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_ROLE_01_SAK_04_the_case_offers_by_role(world):
    """The case's team edits the child and the parties; its team leader and the head of
    service transfer it and record the child's party status; nobody else is offered a thing."""
    edit = {"edit_child", "add_party"}
    lead = {"transfer", "grant_party_status"}
    assert _offered(SAK, world.sak_a, world) == _expect(
        saksbehandler=edit, teamleder=edit | lead, barnevernleder=lead
    )
    part = world.sak_a.parter.first()
    assert _offered(PART, part, world) == _expect(saksbehandler={"edit"}, teamleder={"edit"})


def test_ROLE_01_a_closed_case_offers_nothing(world):
    sak = world.sak_a
    sak.status = sak.Status.AVSLUTTET
    assert _offered(SAK, sak, world) == _expect()


def test_SAK_03_the_investigation_offers_by_role_and_state(world):
    sak = make_sak(
        world.saksbehandler, world.team_a, melding_mottatt=timezone.localdate() - timedelta(10)
    )
    assert _offered(UNDERSOKELSE, sak, world) == _expect(
        saksbehandler={"complete"}, teamleder={"complete", "extend"}, barnevernleder={"extend"}
    )
    # No investigation, or a completed one: nothing to do with it.
    assert _offered(UNDERSOKELSE, world.sak_a, world) == _expect()
    services.undersokelse_complete(
        actor=world.saksbehandler,
        sak_id=sak.pk,
        avsluttet=timezone.localdate(),
        konklusjon="henlagt",
    )
    sak.undersokelse.refresh_from_db()
    assert _offered(UNDERSOKELSE, sak, world) == _expect()


def test_SAK_03_the_extension_is_blocked_once_extended_and_says_why(client, world):
    sak = make_sak(
        world.saksbehandler, world.team_a, melding_mottatt=timezone.localdate() - timedelta(10)
    )
    (offer,) = UNDERSOKELSE.offers(sak, world.teamleder, names=["extend"])
    assert offer.possible
    assert reverse("cases:extend", kwargs={"sak_id": sak.pk}) in _detail(
        client, world.teamleder, sak
    )
    services.undersokelse_extend(actor=world.teamleder, sak_id=sak.pk, begrunnelse="Venter.")
    sak.undersokelse.refresh_from_db()
    (offer,) = UNDERSOKELSE.offers(sak, world.teamleder, names=["extend"])
    assert [b.rule_id for b in offer.blocked] == ["SAK-03"]
    html = _detail(client, world.teamleder, sak)
    assert reverse("cases:extend", kwargs={"sak_id": sak.pk}) not in html
    assert "why-investigation-extend" in html  # the disabled button and its reason
    assert "(SAK-03)" in html


def test_SAK_03_no_extension_offered_after_the_deadline(client, world):
    sak = make_sak(
        world.saksbehandler, world.team_a, melding_mottatt=timezone.localdate() - timedelta(100)
    )
    (offer,) = UNDERSOKELSE.offers(sak, world.barnevernleder, names=["extend"])
    assert [b.rule_id for b in offer.blocked] == ["SAK-03"]
    client.force_login(world.barnevernleder)
    page = client.get(reverse("cases:extend", kwargs={"sak_id": sak.pk})).content.decode()
    assert "(SAK-03)" in page


def test_SAK_03_the_services_ask_the_table(world):
    """A service refuses what the table does not offer: not the user's (404) or blocked."""
    sak = make_sak(
        world.saksbehandler, world.team_a, melding_mottatt=timezone.localdate() - timedelta(10)
    )
    with pytest.raises(NotFound):
        services.undersokelse_extend(actor=world.saksbehandler, sak_id=sak.pk, begrunnelse="x")
    with pytest.raises(NotFound):
        services.barn_update(actor=world.barnevernleder, sak_id=sak.pk, data={"sprak": "x"})


def test_the_case_page_renders_the_offers_and_decides_nothing(client, world):
    """Each user sees the links of exactly the actions they are offered."""
    sak = world.sak_a
    part = sak.parter.first()
    urls = {
        "transfer": reverse("cases:transfer", kwargs={"sak_id": sak.pk}),
        "edit_child": reverse("cases:barn_edit", kwargs={"sak_id": sak.pk}),
        "add_party": reverse("cases:part_create", kwargs={"sak_id": sak.pk}),
        "grant_party_status": reverse("cases:party_status", kwargs={"sak_id": sak.pk}),
        "edit_part": reverse("cases:part_edit", kwargs={"sak_id": sak.pk, "part_id": part.pk}),
    }
    for role in ("saksbehandler", "teamleder", "barnevernleder"):
        user = getattr(world, role)
        html = _detail(client, user, sak)
        offered = {o.name for o in SAK.offers(sak, user)}
        if PART.offers(part, user):
            offered.add("edit_part")
        shown = {name for name, url in urls.items() if f'href="{url}"' in html}
        assert shown == offered, role


def test_SAKER_new_case_is_offered_to_who_opens_cases(client, world):
    """SAK-01: caseworkers and team leaders open cases in their teams; the head of service
    does not (ROLE-01)."""
    create = reverse("cases:create")
    for role, expected in (("saksbehandler", True), ("teamleder", True), ("barnevernleder", False)):
        user = getattr(world, role)
        assert bool(SAKER.offers(user, user)) is expected
        client.force_login(user)
        html = client.get(reverse("cases:list")).content.decode()
        assert (f'href="{create}"' in html) is expected
        assert (client.get(create).status_code == 200) is expected
