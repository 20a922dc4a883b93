"""The course page and its actions, and the case page's panel (SENTER-02, SENTER-03,
SENTER-05). The clock is frozen on a fixed day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from cases.pages import CASE_PAGE
from moter.models import Mote
from senter import selectors
from senter.models import Senterforlop, Sentermote

from .factories import at, offered, referral
from .test_services import _mote

pytestmark = pytest.mark.django_db

TODAY = date(2027, 6, 15)


@pytest.fixture(autouse=True)
def _frozen():
    with at(TODAY):
        yield


def test_SENTER_02_the_investigation_is_recorded_on_the_course_page(client, world):
    h = referral(world.sak_a)
    client.force_login(world.saksbehandler)
    page = client.get(reverse("senter:detail", args=[h.sak_id, h.pk]))
    assert page.status_code == 200
    assert "Registrer Bufetats utredning" in page.content.decode()
    url = reverse("senter:action", args=[h.sak_id, h.pk, "investigation"])
    bad = client.post(url, {"bufetat_utredning_avsluttet": "16.06.2027"})
    assert bad.status_code == 200
    assert "16.06.2027" in bad.content.decode()  # what was typed is kept
    assert "fram i tid" in bad.content.decode()
    done = client.post(url, {"bufetat_utredning_avsluttet": "01.03.2027"})
    assert done.status_code == 302
    assert Senterforlop.objects.get(henvisning=h).bufetat_utredning_avsluttet == date(2027, 3, 1)


def test_SENTER_03_the_course_page_flags_a_feedback_meeting_without_the_report(client, world):
    sak = world.sak_a
    h = offered(sak, sendt=date(2027, 3, 1), svar=date(2027, 3, 15))
    forlop = Senterforlop.objects.create(henvisning=h, sak=sak, opprettet_av=world.saksbehandler)
    mote = _mote(sak, Mote.Type.TILBAKEMELDINGSMOTE, TODAY - timedelta(days=1))
    Sentermote.objects.create(forlop=forlop, mote=mote)
    client.force_login(world.teamleder)
    page = client.get(reverse("senter:detail", args=[sak.pk, h.pk])).content.decode()
    assert "SENTER-03" in page
    assert "uten at senterets sluttrapport var mottatt" in page
    assert reverse("moter:detail", args=[sak.pk, mote.pk]) in page
    assert "SENTER-05" in page
    # Each kind of meeting can be planned from here, its kind chosen (MOTE-01).
    assert reverse("moter:plan", args=[sak.pk]) + "?type=samarbeidsmote" in page


def test_the_meeting_is_added_through_its_page(client, world):
    sak = world.sak_a
    h = offered(sak, sendt=date(2027, 3, 1), svar=date(2027, 3, 15))
    mote = _mote(sak, Mote.Type.OPPSTARTSMOTE, date(2027, 3, 20))
    client.force_login(world.saksbehandler)
    url = reverse("senter:action", args=[sak.pk, h.pk, "add_meeting"])
    assert "Oppstartsmøte" in client.get(url).content.decode()
    assert client.post(url, {"mote": mote.pk}).status_code == 302
    assert Sentermote.objects.get(mote=mote).forlop.henvisning == h
    # Another case's meeting by its id: 404 (ROLE-02).
    foreign = _mote(world.sak_b, Mote.Type.OPPSTARTSMOTE, date(2027, 3, 20))
    assert client.post(url, {"mote": foreign.pk}).status_code == 404


def test_an_action_of_another_stage_says_why_it_does_not_apply(client, world):
    h = referral(world.sak_a)
    client.force_login(world.saksbehandler)
    page = client.get(reverse("senter:action", args=[h.sak_id, h.pk, "reports"]))
    assert page.status_code == 200
    assert "Forløpet starter når senteret har gitt tilbud" in page.content.decode()


def test_a_referral_to_another_receiver_has_no_course_page(client, world):
    from henvisning.models import Mottaker

    bup = Mottaker.objects.create(
        tjeneste=world.tjeneste, navn="BUP", type=Mottaker.Type.BUP, adresse="Postboks 1"
    )
    h = referral(world.sak_a, bup)
    client.force_login(world.saksbehandler)
    assert client.get(reverse("senter:detail", args=[h.sak_id, h.pk])).status_code == 404
    page = client.get(reverse("henvisning:detail", args=[h.sak_id, h.pk])).content.decode()
    assert reverse("senter:detail", args=[h.sak_id, h.pk]) not in page


def test_SENTER_03_the_referral_page_links_to_its_course(client, world):
    h = referral(world.sak_a)
    client.force_login(world.saksbehandler)
    page = client.get(reverse("henvisning:detail", args=[h.sak_id, h.pk])).content.decode()
    assert f'href="{reverse("senter:detail", args=[h.sak_id, h.pk])}">Senterforløp</a>' in page


def test_the_case_page_lists_the_course_without_a_query_of_its_own(
    client, world, django_assert_num_queries
):
    h = referral(world.sak_a)
    found = {"henvisning_panel": {"henvisninger": [h], "may_write": True}}
    with django_assert_num_queries(0):
        assert selectors.sak_panel(world.saksbehandler, world.sak_a, found) == [h]
    assert "senter_panel" in CASE_PAGE
    client.force_login(world.saksbehandler)
    page = client.get(reverse("cases:detail", args=[world.sak_a.pk])).content.decode()
    assert reverse("senter:detail", args=[world.sak_a.pk, h.pk]) in page
