"""INN-02: an evaluation shows what came in since the previous evaluation, each linked."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluations import registry
from evaluations.selectors import period_since_previous

from ..plans import factories as pf
from .factories import receive

pytestmark = pytest.mark.django_db


def test_INN_02_the_evaluation_lists_the_reports_since_the_previous_one(client, world):
    today = timezone.localdate()
    with time_machine.travel(today - timedelta(days=120), tick=False):
        pf.running_plan(world, started_days_ago=0)
    with time_machine.travel(today - timedelta(days=60), tick=False):
        receive(world.saksbehandler, world.sak_a, tittel="Rapport før forrige evaluering")
        first = pf.evaluation(world)
    with time_machine.travel(today - timedelta(days=10), tick=False):
        inside = receive(world.saksbehandler, world.sak_a, tittel="Rapport etter forrige")
    second = pf.evaluation(world, neste=today + timedelta(days=60))

    assert period_since_previous(second, today) == (first.dato, second.dato)
    rows = registry.entries(world.saksbehandler, second, first.dato, second.dato)
    assert [r.title for r in rows] == ["Rapport etter forrige"]

    client.force_login(world.saksbehandler)
    html = client.get(reverse("evaluations:detail", args=[world.sak_a.pk, second.pk])).content
    html = html.decode()
    assert "Dette er kommet inn siden forrige evaluering" in html
    assert "Rapport etter forrige" in html
    assert reverse("innkommende:detail", args=[world.sak_a.pk, inside.pk]) in html
    assert "Rapport før forrige evaluering" not in html
    # The first evaluation looks back on everything before it.
    html = client.get(reverse("evaluations:detail", args=[world.sak_a.pk, first.pk])).content
    assert "Rapport før forrige evaluering" in html.decode()


def test_INN_02_a_draft_shows_what_has_come_in_so_far(client, world):
    pf.running_plan(world)
    draft = pf.evaluation(world, complete=False)
    receive(world.saksbehandler, world.sak_a, tittel="Brev fra mor")
    client.force_login(world.saksbehandler)
    html = client.get(reverse("evaluations:edit", args=[world.sak_a.pk, draft.pk])).content
    assert "Brev fra mor" in html.decode()


def test_INN_02_a_withdrawn_document_is_not_listed(world):
    from innkommende import services

    pf.running_plan(world)
    ev = pf.evaluation(world)
    dokument = receive(world.saksbehandler, world.sak_a, tittel="Feil sak")
    services.innkommende_withdraw(
        actor=world.saksbehandler, dokument_id=dokument.pk, reason="Feil sak"
    )
    assert registry.entries(world.saksbehandler, ev, None, timezone.localdate()) == []


def test_INN_02_OPP_05_a_contractors_report_without_its_file_is_listed_too(client, world):
    from contractors import services as cs

    from ..contractors import factories as cf

    oppdrag = cf.running_assignment(world)
    ev = pf.evaluation(world, complete=False)
    month = timezone.localdate().replace(day=1) - timedelta(days=1)
    cs.innlevering_register(
        actor=world.saksbehandler,
        oppdrag_id=oppdrag.pk,
        type="rapport",
        periode=month,
        mottatt=timezone.localdate(),
    )
    rows = registry.entries(world.saksbehandler, ev, None, timezone.localdate())
    assert [(r.detail, r.dato) for r in rows] == [
        (oppdrag.oppdragstaker.navn, timezone.localdate())
    ]
    assert rows[0].url == reverse("contractors:oppdrag_detail", args=[oppdrag.sak_id, oppdrag.pk])
