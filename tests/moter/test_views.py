"""The meetings' pages: in Norwegian, the MOTE-03 refusal next to its field with the input
kept, the minutes signed into the journal through the pages, a fixed number of queries for the
list, the case page's panel (MOTE-02, MOTE-04)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journal.models import Journalnotat
from moter import services
from moter.models import Mote
from tests.english import english_in

from .factories import consent, make_mote

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", "\n", html)


def _form(world, sak, **overrides) -> dict:
    when = timezone.localtime(timezone.now() - timedelta(hours=1))
    data = {
        "type": "samarbeidsmote",
        "tidspunkt": when.strftime("%Y-%m-%dT%H:%M"),
        "sted": "Rådhuset",
        "agenda": "Skolen",
        "leder": world.saksbehandler.pk,
        "referent": world.saksbehandler.pk,
        "parter": [sak.parter.first().pk],
        "ansatte": [world.saksbehandler.pk],
        "eksterne": "Kari Nilsen, Solbakken skole",
    }
    data.update(overrides)
    return data


def test_MOTE_03_the_plan_page_refuses_an_outsider_without_consent_next_to_the_field(
    client, world, sak
):
    client.force_login(world.saksbehandler)
    url = reverse("moter:plan", args=[sak.pk])
    response = client.post(url, _form(world, sak))
    assert response.status_code == 200
    html = response.content.decode()
    assert "MOTE-03" in html and "Kari Nilsen" in html
    assert response.context["form"].errors["eksterne"]
    assert not Mote.objects.filter(sak=sak).exists()
    consent(sak)
    response = client.post(url, _form(world, sak))
    mote = Mote.objects.get(sak=sak)
    assert response.status_code == 302 and response["Location"].endswith(f"/{mote.pk}/")
    assert mote.eksterne.get().navn == "Kari Nilsen"


def test_MOTE_01_minutes_written_and_signed_through_the_pages(client, world, sak):
    mote = make_mote(world.saksbehandler, sak)
    client.force_login(world.saksbehandler)
    assert client.post(reverse("moter:action", args=[sak.pk, mote.pk, "hold"])).status_code == 302
    response = client.post(
        reverse("moter:minutes", args=[sak.pk, mote.pk]),
        {"referat": "Skolen melder bedre oppmøte.", "vurdering": "Tiltaket virker."},
    )
    assert response.status_code == 302
    response = client.post(reverse("moter:action", args=[sak.pk, mote.pk, "sign"]))
    assert response.status_code == 302
    mote.refresh_from_db()
    notat = Journalnotat.objects.get(sak=sak)
    assert mote.notat == notat and notat.er_signert
    journal = client.get(reverse("journal:journal", args=[sak.pk])).content.decode()
    assert "Skolen melder bedre oppmøte." in journal
    # JOUR-02: the minutes' page refuses now; a POST changes nothing.
    client.post(reverse("moter:minutes", args=[sak.pk, mote.pk]), {"referat": "Endret"})
    mote.refresh_from_db()
    assert mote.referat == "Skolen melder bedre oppmøte."


def test_MOTE_01_the_pages_are_norwegian(client, world, sak):
    consent(sak)
    planned = make_mote(
        world.saksbehandler,
        sak,
        tidspunkt=timezone.now() + timedelta(days=2),
        eksterne=[("Kari", "Solbakken skole")],
    )
    held = make_mote(world.saksbehandler, sak, held=True)
    services.oppgave_create(
        actor=world.saksbehandler,
        mote_id=held.pk,
        ansvarlig=world.saksbehandler,
        hva="Ringe skolen",
        frist=timezone.localdate() + timedelta(days=5),
    )
    signed = make_mote(world.saksbehandler, sak, signed=True)
    client.force_login(world.saksbehandler)
    urls = [
        reverse("cases:detail", args=[sak.pk]),
        reverse("moter:list", args=[sak.pk]),
        reverse("moter:plan", args=[sak.pk]),
        reverse("moter:ansvarsgruppe", args=[sak.pk]),
        reverse("moter:detail", args=[sak.pk, planned.pk]),
        reverse("moter:edit", args=[sak.pk, planned.pk]),
        reverse("moter:action", args=[sak.pk, planned.pk, "cancel"]),
        reverse("moter:detail", args=[sak.pk, held.pk]),
        reverse("moter:minutes", args=[sak.pk, held.pk]),
        reverse("moter:oppgave", args=[sak.pk, held.pk]),
        reverse("moter:action", args=[sak.pk, held.pk, "sign"]),
        reverse("moter:detail", args=[sak.pk, signed.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_in(_text(response.content.decode())) == [], url
    html = client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
    assert "Ringe skolen" in html  # MOTE-04: the open action on the case page


def test_MOTE_02_the_plan_page_fills_in_the_roles_of_the_transfer(client, world, sak):
    from cases.services import sak_transfer

    overforing = sak_transfer(
        actor=world.teamleder,
        sak_id=sak.pk,
        til_saksbehandler=world.teamleder,
        til_team=world.team_a,
        overgangsmote_dato=timezone.localdate(),
        overgangsmote_notat="Overlevert.",
    )
    client.force_login(world.teamleder)
    html = client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
    url = reverse("moter:plan", args=[sak.pk]) + f"?overforing={overforing.pk}"
    assert url.replace("&", "&amp;") in html or url in html
    form = client.get(url).context["form"]
    assert form.initial["type"] == "overgangsmote"
    assert form.initial["leder"] == world.saksbehandler.pk  # the one who handed it over
    assert form.initial["referent"] == world.teamleder.pk  # the one who takes over


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_MOTE_01_the_list_has_a_fixed_number_of_queries(client, world, sak):
    client.force_login(world.saksbehandler)
    url = reverse("moter:list", args=[sak.pk])
    make_mote(world.saksbehandler, sak)
    few = _queries(client, url)
    for _i in range(8):
        make_mote(world.saksbehandler, sak, held=True)
    assert _queries(client, url) == few


def test_MOTE_01_every_offered_action_has_a_page(client, world, sak):
    from moter.actions import MACHINE, MOTER

    planned = make_mote(world.saksbehandler, sak, tidspunkt=timezone.now() + timedelta(days=2))
    held = make_mote(world.saksbehandler, sak, held=True)
    client.force_login(world.saksbehandler)
    offers = [*MOTER.offers(sak, world.saksbehandler)]
    for mote in (planned, held):
        offers += MACHINE.offers(mote, world.saksbehandler)
    assert {o.name for o in offers} >= {
        "plan",
        "ansvarsgruppe",
        "edit",
        "cancel",
        "minutes",
        "oppgave",
        "sign",
    }
    for offer in offers:
        if not offer.one_click:
            assert client.get(offer.url).status_code == 200, offer.name


def test_MOTE_04_the_case_panel_has_a_fixed_number_of_queries(world, sak):
    from moter.selectors import case_panel

    sb = world.saksbehandler
    sb.active_roles()  # the user's roles are loaded by the request

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            case_panel(sb, sak)
        return len(ctx.captured_queries)

    few = count()
    for i in range(4):
        mote = make_mote(sb, sak, held=True)
        services.oppgave_create(
            actor=sb,
            mote_id=mote.pk,
            ansvarlig=sb,
            hva=f"Oppgave {i}",
            frist=timezone.localdate() + timedelta(days=i),
        )
    make_mote(sb, sak, tidspunkt=timezone.now() + timedelta(days=3))
    services.ansvarsgruppe_create(
        actor=sb,
        sak_id=sak.pk,
        data={"koordinator": sb.pk, "medlemmer": "Kari, skolen", "rytme_uker": 6},
    )
    assert count() == few == 1  # three queries in one statement (core.batch)


def test_MOTE_06_the_suggested_oppstartsmote_is_planned_for_its_measure(client, world):
    from tests.plans import factories as pf

    sak = world.sak_a
    _v, _p, measure = pf.running_plan(world, started_days_ago=3)
    client.force_login(world.saksbehandler)
    url = reverse("moter:plan", args=[sak.pk]) + f"?type=oppstartsmote&tiltak={measure.pk}"
    html = client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
    assert url.replace("&", "&amp;") in html
    assert client.get(url).context["form"].initial["type"] == "oppstartsmote"
    response = client.post(url, _form(world, sak, type="oppstartsmote", eksterne=""))
    assert response.status_code == 302
    assert Mote.objects.get(sak=sak).tiltak == measure
    html = client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
    assert url.replace("&", "&amp;") not in html  # planned: no longer suggested


def test_MOTE_06_the_head_reads_the_flags_without_links_to_plan(client, world):
    """The head of service may not plan meetings: the case page's meeting flags and
    suggestions carry no link to the planning page (which would answer 404)."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from ..vedtak import factories as vf

    sak = world.sak_a
    vedtak = vf.ekspedert(world, sak=sak)
    tiltak = vedtak.tiltak.first()
    tiltak.fra_dato = timezone.localdate() - timedelta(days=30)
    tiltak.save(update_fields=["fra_dato"])
    plan = reverse("moter:plan", args=[sak.pk])
    client.force_login(world.saksbehandler)
    assert plan in client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
    client.force_login(world.barnevernleder)
    page = client.get(reverse("cases:detail", args=[sak.pk])).content.decode()
    assert "oppstartsmøte" in page
    assert plan not in page
