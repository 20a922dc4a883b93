"""The start page's and the case list's reads (cases.selectors): the SAK-03 deadlines they
show are the rule's, whichever way the SQL finds them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import selectors, services
from cases.models import Sak, Undersokelse
from cases.selectors import SakFilter

from ..factories import make_sak

pytestmark = pytest.mark.django_db


@pytest.fixture
def deadlines(world, settings):
    """Investigations of team A in every SAK-03 state, and two that must never be counted."""
    settings.FRIST_VARSEL_DAGER = 14
    today = timezone.localdate()
    sb = world.saksbehandler

    def case(name, days_ago):
        return make_sak(
            sb, world.team_a, etternavn=name, melding_mottatt=today - timedelta(days_ago)
        )

    made = {
        "overdue": case("Forfalt", 100),
        "due_soon": case("Snart", 85),
        "later": case("Senere", 30),
        "extended": case("Forlenget", 80),
        "extended_due": case("ForlengetForfalt", 80),
        "completed": case("Avsluttet", 100),
        "closed_case": case("LukketSak", 100),
        "no_investigation": make_sak(sb, world.team_a, etternavn="UtenUndersokelse"),
    }
    for key in ("extended", "extended_due"):
        services.undersokelse_extend(  # SAK-03: the team leader extends
            actor=world.teamleder, sak_id=made[key].pk, begrunnelse="Mer tid trengs."
        )
    # Time passes for one extended investigation: six months are nearly gone.
    Undersokelse.objects.filter(pk=made["extended_due"].undersokelse_id).update(
        melding_mottatt=today - timedelta(days=180)
    )
    services.undersokelse_complete(
        actor=sb, sak_id=made["completed"].pk, avsluttet=today, konklusjon="henlagt"
    )
    Sak.objects.filter(pk=made["closed_case"].pk).update(status=Sak.Status.AVSLUTTET)
    make_sak(  # another service's overdue case
        world.sak_annen.saksbehandler, world.sak_annen.team, melding_mottatt=today - timedelta(100)
    )
    return made


def test_SAK_03_start_page_counts_and_lists_the_due_investigations_in_deadline_order(
    world, deadlines
):
    board = selectors.dashboard(world.saksbehandler)
    due = [deadlines[k] for k in ("overdue", "due_soon", "extended_due")]
    expected = sorted(due, key=lambda s: Undersokelse.objects.get(pk=s.undersokelse_id).frist)
    assert [s.pk for s in board.frister] == [s.pk for s in expected]
    assert board.frister_antall == 3
    # The caseworker's active cases (closed ones are not counted), newest first.
    active = Sak.objects.filter(saksbehandler=world.saksbehandler, status=Sak.Status.AKTIV)
    assert board.mine_antall == active.count()
    assert [s.pk for s in board.mine_saker] == list(
        active.order_by("-opprettet", "-pk").values_list("pk", flat=True)[:10]
    )
    for sak in board.frister + board.mine_saker:  # the rows come with what the page prints
        assert sak.barn.etternavn and sak.team.navn and sak.saksbehandler.username


def test_SAK_03_case_list_filters_on_the_rule_deadline(world, deadlines):
    def names(frist):
        rows = selectors.sak_list(world.saksbehandler, SakFilter(frist=frist, team=world.team_a.pk))
        return {s.barn.etternavn for s in rows}

    assert names("over") == {"Forfalt"}
    assert names("snart") == {"Forfalt", "Snart", "ForlengetForfalt"}
    assert {"Senere", "Forlenget", "UtenUndersokelse"} <= names("")
