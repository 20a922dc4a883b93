"""INN-01/MOTE-01: an incoming document may be linked to one of the case's meetings; the
meeting's page lists the documents linked to it (through moter.registry, no upward import)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.exceptions import RuleViolation
from innkommende import services
from innkommende.models import InnkommendeDokument
from innkommende.selectors import linked_to_meeting
from moter import services as moter_services
from tests.factories import make_sak

from ..moter.factories import make_mote
from .factories import pdf_bytes, receive, upload

pytestmark = pytest.mark.django_db


def _form_data(mote_id, **overrides) -> dict:
    data = {
        "fil": upload(pdf_bytes(), "Referat BUP.pdf"),
        "type": InnkommendeDokument.Type.REFERAT_ANNEN_TJENESTE,
        "avsender": "BUP Vest",
        "mottatt": timezone.localdate().isoformat(),
        "tittel": "Referat fra BUP",
        "mote": mote_id,
    }
    data.update(overrides)
    return data


def test_INN_01_a_document_linked_to_a_meeting_is_listed_on_the_meeting(client, world):
    sak = world.sak_a
    mote = make_mote(world.saksbehandler, sak, held=True)
    client.force_login(world.saksbehandler)
    response = client.post(reverse("innkommende:create", args=[sak.pk]), _form_data(mote.pk))
    assert response.status_code == 302
    dokument = InnkommendeDokument.objects.get(sak=sak)
    assert dokument.mote == mote

    html = client.get(reverse("innkommende:detail", args=[sak.pk, dokument.pk])).content.decode()
    assert reverse("moter:detail", args=[sak.pk, mote.pk]) in html

    html = client.get(reverse("moter:detail", args=[sak.pk, mote.pk])).content.decode()
    assert "Innkommende dokumenter" in html
    assert "Referat fra BUP" in html
    assert reverse("innkommende:detail", args=[sak.pk, dokument.pk]) in html


def test_INN_01_the_form_offers_only_the_cases_meetings(client, world):
    sak = world.sak_a
    own = make_mote(world.saksbehandler, sak)
    cancelled = make_mote(world.saksbehandler, sak, tidspunkt=timezone.now() + timedelta(days=3))
    moter_services.mote_cancel(actor=world.saksbehandler, mote_id=cancelled.pk, reason="Syk")
    other_sak = make_sak(world.saksbehandler, world.team_a, parter=1)
    other = make_mote(world.saksbehandler, other_sak)

    client.force_login(world.saksbehandler)
    html = client.get(reverse("innkommende:create", args=[sak.pk])).content.decode()
    assert "Møte (valgfritt)" in html
    assert f'<option value="{own.pk}"' in html
    assert f'<option value="{cancelled.pk}"' not in html
    assert f'<option value="{other.pk}"' not in html

    # Another case's meeting is refused next to the field; nothing is stored.
    response = client.post(reverse("innkommende:create", args=[sak.pk]), _form_data(other.pk))
    assert response.status_code == 200
    assert "mote" in response.context["form"].errors
    assert not InnkommendeDokument.objects.filter(sak=sak).exists()


def test_INN_01_the_service_refuses_a_meeting_of_another_case(world):
    other_sak = make_sak(world.saksbehandler, world.team_a, parter=1)
    other = make_mote(world.saksbehandler, other_sak)
    with pytest.raises(RuleViolation) as raised:
        receive(world.saksbehandler, world.sak_a, mote_id=other.pk)
    assert [b.field for b in raised.value.breaches] == ["mote"]
    assert not InnkommendeDokument.objects.filter(sak=world.sak_a).exists()


def test_INN_01_a_withdrawn_document_leaves_the_meeting_page(world):
    mote = make_mote(world.saksbehandler, world.sak_a)
    kept = receive(world.saksbehandler, world.sak_a, tittel="Beholdt", mote_id=mote.pk)
    gone = receive(world.saksbehandler, world.sak_a, tittel="Feil", mote_id=mote.pk)
    receive(world.saksbehandler, world.sak_a, tittel="Uten møte")
    services.innkommende_withdraw(actor=world.saksbehandler, dokument_id=gone.pk, reason="Feil")
    assert [h.title for h in linked_to_meeting(world.saksbehandler, mote)] == [kept.tittel]


@pytest.mark.parametrize("documents", [1, 5])
def test_INN_01_the_meeting_gets_its_documents_in_one_query(
    world, django_assert_num_queries, documents
):
    mote = make_mote(world.saksbehandler, world.sak_a)
    for _ in range(documents):
        receive(world.saksbehandler, world.sak_a, mote_id=mote.pk)
    with django_assert_num_queries(1):
        hits = linked_to_meeting(world.saksbehandler, mote)
    assert len(hits) == documents
