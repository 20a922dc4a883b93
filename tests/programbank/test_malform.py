"""BANK-01 and issue 26: a service's programme bank is seeded with source 000's programmes in
its own written form (docs/nynorsk.md); the codes, numbers and choices are the same in both
forms, and where the source is silent the field stays empty in both."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from programbank.defaults import PROGRAMMER, PROGRAMMER_NN, programmer
from programbank.models import Program
from programbank.services import program_seed_defaults
from tests.nynorsk.telltale import bokmal_in

pytestmark = pytest.mark.django_db

TEXTS = ("navn", "beskrivelse", "malgruppe", "kontraindikasjoner", "merknad", "gis_av_navn")


def _texts(tjeneste) -> str:
    rows = Program.objects.filter(tjeneste=tjeneste).values_list(*TEXTS)
    return "\n".join(text for row in rows for text in row)


def _seed(world, malform: str) -> list[Program]:
    world.tjeneste.malform = malform
    world.tjeneste.save()
    return program_seed_defaults(actor=world.barnevernleder, tjeneste_id=world.tjeneste.pk)


def test_BANK_01_the_forms_differ_only_in_their_texts():
    assert programmer("nn") is PROGRAMMER_NN and programmer("nb") is PROGRAMMER
    assert [p["kode"] for p in PROGRAMMER_NN] == [p["kode"] for p in PROGRAMMER]
    for nn, nb in zip(PROGRAMMER_NN, PROGRAMMER, strict=True):
        assert set(nn) == set(nb), nn["kode"]  # silent in one form: silent in the other
        assert {k: v for k, v in nn.items() if k not in TEXTS} == {
            k: v for k, v in nb.items() if k not in TEXTS
        }


def test_BANK_01_a_nynorsk_service_gets_the_programmes_in_nynorsk(world):
    seeded = _seed(world, "nn")
    assert len(seeded) == len(PROGRAMMER)
    assert bokmal_in(_texts(world.tjeneste)) == []
    cos = Program.objects.get(tjeneste=world.tjeneste, kode="cos-p")
    assert cos.navn == "COS-P (Tryggleikssirkelen)"
    assert "rusmisbrukarar" in cos.kontraindikasjoner
    assert (cos.alder_min, cos.alder_maks, cos.antall_samlinger) == (0, 10, 8)
    icdp = Program.objects.get(tjeneste=world.tjeneste, kode="icdp")
    assert "grupperettleiing, lågterskeltilbod" in icdp.gis_av_navn
    assert icdp.gis_av == Program.GisAv.ANNEN
    pmto = Program.objects.get(tjeneste=world.tjeneste, kode="pmto")
    assert pmto.malgruppe == "" and pmto.alder_min is None  # the source is silent
    for program in Program.objects.filter(tjeneste=world.tjeneste):
        program.full_clean(exclude=["tjeneste", "utdannede"])
    with translation.override("nn"):
        expected = gettext("Programme of the procedure added")
    reasons = set(
        Program.history.filter(tjeneste_id=world.tjeneste.pk).values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons == {expected}
    assert bokmal_in(expected) == []


def test_BANK_01_a_bokmal_service_gets_the_bokmal_texts(world):
    _seed(world, "nb")
    rows = {p.kode: p for p in Program.objects.filter(tjeneste=world.tjeneste)}
    for default in PROGRAMMER:
        row = rows[default["kode"]]
        assert {k: getattr(row, k) for k in TEXTS if k in default} == {
            k: v for k, v in default.items() if k in TEXTS
        }
    assert rows["cos-p"].navn == "COS-P (Trygghetssirkelen)"


def test_BANK_01_a_change_of_form_adds_only_what_is_missing_in_the_new_form(world):
    """The service's rows stay as they are; a default it lacks comes in its present form."""
    _seed(world, "nb")
    Program.objects.filter(tjeneste=world.tjeneste, kode="aim3").delete()  # as if never seeded
    before = Program.objects.get(tjeneste=world.tjeneste, kode="cos-p").beskrivelse
    [added] = _seed(world, "nn")
    assert added.navn == "AIM 3-utgreiing"
    assert Program.objects.get(tjeneste=world.tjeneste, kode="cos-p").beskrivelse == before
