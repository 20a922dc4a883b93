"""Issue 26 (DOK-01): the six letters the small demo makes none of (``FROM_FACTORIES`` in
test_demo_pages.py), made through the test factories for a service that writes nynorsk, read
back from the real PDFs: no bokmål tell-tale (tests/nynorsk/telltale.py) and no English
(tests/english.py). Their first pages are saved as test-artifacts/letters/nn-<type>.png.

What the factories type (assessments, minutes, reasons) is the users' data: it is replaced by a
nynorsk sentence first, as in test_demo_pages.py, so that what is checked is the letter's own
text.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from documents.models import Dokument
from documents.services import _render_pdf, render_row
from innsyn import services as innsyn_services
from innsyn.models import Vurdering
from innsyn.services import Decision
from klage import services as klage_services
from klage.models import Klageoppsett
from moter import services as mote_services
from tests.documents.helpers import documents_storage  # noqa: F401  (a fixture)
from tests.documents.test_party_letters import first_page_png, fonts_of, text_of
from tests.english import english_in
from tests.innkommende.factories import receive
from tests.innsyn.factories import make_krav
from tests.journal.factories import make_note
from tests.klage.conftest import at, first, register, sent_on
from tests.moter.factories import make_mote
from tests.plans import factories as pf
from tests.vedtak import factories as vf

from .telltale import bokmal_in
from .test_demo_pages import FROM_FACTORIES, _free_texts_in_nynorsk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("documents_storage")]

STATSFORVALTAR = "Statsforvaltaren i Fjordfylket"
STATSFORVALTAR_ADRESSE = "Postboks 7310\n5020 Fjordby"


def _evaluering(world, capture):
    pf.running_plan(world, started_days_ago=40)
    with capture(execute=True):
        ev = pf.evaluation(world)
    return Dokument.objects.for_source(ev).filter(type="evaluering")


def _innsynssvar(world, capture):
    sb, sak = world.saksbehandler, world.sak_a
    today = timezone.localdate()
    given = receive(sb, sak, tittel="Rapport frå familiesenteret", mottatt=today - timedelta(5))
    withheld = receive(sb, sak, tittel="Melding frå naboen", mottatt=today - timedelta(4))
    note = make_note(sb, sak, signed=True)
    krav = make_krav(sb, sak)
    innsyn_services.innsynskrav_review(
        actor=sb,
        krav_id=krav.pk,
        decisions={
            f"innkommende_{given.pk}": Decision("gitt"),
            f"innkommende_{withheld.pk}": Decision(
                "unntatt", Vurdering.Grunn.ANNEN_PERSON, "Opplysningar om ein annan familie."
            ),
            f"journal_{note.pk}": Decision("gitt"),
        },
    )
    with capture(execute=True):
        innsyn_services.innsynskrav_answer(actor=sb, krav_id=krav.pk)
    return Dokument.objects.for_source(krav).filter(type="innsynssvar")


def _klageoversendelse(world, capture):
    """As tests/klage/test_forwarding_letter.py ``_forwarded``: the statsforvaltaren's own
    letter and a copy to each party."""
    Klageoppsett.objects.create(
        tjeneste=world.tjeneste,
        statsforvalter_navn=STATSFORVALTAR,
        statsforvalter_adresse=STATSFORVALTAR_ADRESSE,
    )
    notified = first(2)
    v = sent_on(world, notified)
    day = notified + timedelta(days=3)
    k = register(world, v, received=day)
    with at(day):
        klage_services.klage_assess(
            actor=world.saksbehandler, klage_id=k.pk, vurdering="Står ved vedtaket."
        )
        k = klage_services.klage_forward(actor=world.teamleder, klage_id=k.pk)
    return Dokument.objects.for_source(k).filter(type="klageoversendelse")


def _moteinnkalling(world, capture):
    sb, sak = world.saksbehandler, world.sak_a
    mote = make_mote(sb, sak, parter=list(sak.parter.all()))
    with capture(execute=True):
        mote_services.mote_order_invitation(actor=sb, mote_id=mote.pk)
    return Dokument.objects.for_source(mote).filter(type="moteinnkalling")


def _motereferat(world, capture):
    sb, sak = world.saksbehandler, world.sak_a
    mote = make_mote(sb, sak, parter=list(sak.parter.all()), signed=True)
    with capture(execute=True):
        mote_services.mote_order_minutes_letter(actor=sb, mote_id=mote.pk)
    return Dokument.objects.for_source(mote).filter(type="motereferat")


def _samtykkeerklaering(world, capture):
    v = vf.klar_for_godkjenning(world)
    vf.consent_all(world, v)
    return Dokument.objects.filter(sak=v.sak, type="samtykkeerklaering")


MAKERS = {
    "evaluering": _evaluering,
    "innsynssvar": _innsynssvar,
    "klageoversendelse": _klageoversendelse,
    "moteinnkalling": _moteinnkalling,
    "motereferat": _motereferat,
    "samtykkeerklaering": _samtykkeerklaering,
}


def test_the_makers_are_the_letters_the_demo_does_not_make():
    assert set(MAKERS) == FROM_FACTORIES


@pytest.fixture
def nynorsk_service(world):
    world.tjeneste.malform = "nn"
    world.tjeneste.navn = "Barnevernstenesta i Fjordvik"
    world.tjeneste.save()
    return world


@pytest.mark.parametrize("type", sorted(MAKERS))
def test_DOK_01_the_letter_in_nynorsk(
    nynorsk_service, type, tmp_path, django_capture_on_commit_callbacks
):
    letters = MAKERS[type](nynorsk_service, django_capture_on_commit_callbacks)
    assert letters.exists(), type
    assert set(letters.values_list("sprak", flat=True)) == {"nn"}
    _free_texts_in_nynorsk()
    # A setting, not what a user wrote about the case: the statsforvaltaren keeps its name.
    Klageoppsett.objects.update(
        statsforvalter_navn=STATSFORVALTAR, statsforvalter_adresse=STATSFORVALTAR_ADRESSE
    )
    for dokument in letters.order_by("pk"):
        path = tmp_path / f"nn-{type}-{dokument.pk}.pdf"
        path.write_bytes(_render_pdf(render_row(dokument.pk)).content)
        text = text_of(path)
        if type == "klageoversendelse":
            assert f"difor saka til {STATSFORVALTAR}" in text
        found = [
            line[max(0, line.find("»") - 60) : line.find("«") + 60] for line in bokmal_in(text)
        ]
        assert found == [], (type, dokument.pk)
        assert english_in(text) == [], (type, dokument.pk)
        assert fonts_of(path) <= {"Inter", "Inter-Bold"}, (type, fonts_of(path))  # issue 20
    first_page_png(tmp_path / f"nn-{type}-{letters.order_by('pk').first().pk}.pdf", f"nn-{type}")
