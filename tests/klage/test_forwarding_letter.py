"""KLAGE-02 (DOK-01, DOK-02): the letter that sends a complaint on goes to the statsforvalteren
itself – addressed to the statsforvalteren the service has set, its dispatch recorded – and a
copy to each party. The letters are read back from the real PDFs (pdftotext)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from core.exceptions import RuleViolation
from documents.models import Dokument, Utsending
from documents.services import dokument_register_dispatch
from klage import services
from klage.models import Klageoppsett
from tests.documents.test_party_letters import _pdf, text_of
from tests.vedtak import factories as vf

from .conftest import at, first, register, sent_on

pytestmark = pytest.mark.django_db

NAVN = "Statsforvalteren i Fjordfylket"
ADRESSE = "Postboks 7310\n5020 Fjordby"


def _forwarded(world, *, day_after=3):
    notified = first(2)
    v = sent_on(world, notified)
    day = notified + timedelta(days=day_after)
    k = register(world, v, received=day)
    with at(day):
        services.klage_assess(actor=world.saksbehandler, klage_id=k.pk, vurdering="Står ved.")
        k = services.klage_forward(actor=world.teamleder, klage_id=k.pk)
    vf.render_documents(v)
    letters = Dokument.objects.for_source(k)
    return k, v, day, letters.get(part__isnull=True, til_barnet=False), letters.exclude(part=None)


def test_KLAGE_02_the_statsforvalteren_gets_its_own_letter(world, tmp_path):
    Klageoppsett.objects.create(
        tjeneste=world.tjeneste, statsforvalter_navn=NAVN, statsforvalter_adresse=ADRESSE
    )
    _k, v, day, own, copies = _forwarded(world)
    assert own.type == Dokument.Type.KLAGEOVERSENDELSE and not own.is_copy
    assert {d.part_id for d in copies} == set(
        v.sak.parter.filter(aktiv=True).values_list("pk", flat=True)
    )
    first_page = text_of(_pdf(own, tmp_path), first_page=True)
    assert NAVN in first_page and "Postboks 7310" in first_page and "5020 Fjordby" in first_page
    for party in v.sak.parter.filter(aktiv=True):  # addressed to the statsforvalteren only
        assert party.fullt_navn not in first_page.split("Oversendelse")[0]
    copy_text = text_of(_pdf(copies.first(), tmp_path))
    assert f"Saken sendes derfor til {NAVN}" in copy_text  # the parties see where it went
    # DOK-02: its dispatch is recorded with the statsforvalteren as the recipient, once.
    with at(day + timedelta(days=1)):
        sent = dokument_register_dispatch(
            actor=world.saksbehandler, dokument=own, part=None, kanal="digital", mottaker=NAVN
        )
        with pytest.raises(RuleViolation):  # a dispatch names its recipient
            dokument_register_dispatch(
                actor=world.saksbehandler, dokument=own, part=None, kanal="brev"
            )
    assert Utsending.objects.get(dokument=own) == sent and sent.mottaker == NAVN
    own.refresh_from_db()
    assert own.status == Dokument.Status.SENDT


def test_KLAGE_02_without_the_setting_the_letter_says_statsforvalteren_and_the_page_warns(
    client, world, tmp_path
):
    k, _v, _day, own, _copies = _forwarded(world)
    assert "Statsforvalteren" in text_of(_pdf(own, tmp_path), first_page=True)
    client.force_login(world.saksbehandler)
    page = client.get(reverse("klage:detail", args=[k.sak_id, k.pk])).content.decode()
    assert "Klageinnstillinger" in page  # the empty state says where it is set
    Klageoppsett.objects.create(tjeneste=world.tjeneste, statsforvalter_navn=NAVN)
    page = client.get(reverse("klage:detail", args=[k.sak_id, k.pk])).content.decode()
    assert "Klageinnstillinger" not in page
