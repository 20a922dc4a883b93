"""BANK-01: the defaults of source 000, as the source gives them."""

import pytest

from programbank.defaults import PROGRAMMER, new_defaults
from programbank.models import Program
from tests.factories import org

pytestmark = pytest.mark.django_db


def _seed(tjeneste):
    Program.objects.bulk_create(new_defaults(Program, tjeneste.pk, set()))


def test_BANK_01_defaults_as_the_source_gives_them():
    tjeneste, _a, _b = org()
    _seed(tjeneste)
    cos = Program.objects.get(tjeneste=tjeneste, kode="cos-p")
    assert (cos.alder_min, cos.alder_maks) == (0, 10)
    assert (cos.antall_samlinger, cos.varighet_min, cos.varighet_maks) == (8, 45, 60)
    assert cos.form == Program.Form.BEGGE
    assert cos.tolk_mulig is False
    assert "rusmisbrukere" in cos.kontraindikasjoner
    icdp = Program.objects.get(tjeneste=tjeneste, kode="icdp")
    assert (icdp.alder_min, icdp.alder_maks, icdp.varighet_min, icdp.varighet_maks) == (
        0,
        18,
        90,
        120,
    )
    assert icdp.gis_av == Program.GisAv.ANNEN  # «Ikke et tiltak gjennom barneverntjenesten»


def test_BANK_01_silent_source_leaves_fields_empty():
    """Where source 000 says nothing (PMTO, PYC …), nothing is invented."""
    tjeneste, _a, _b = org()
    _seed(tjeneste)
    pmto = Program.objects.get(tjeneste=tjeneste, kode="pmto")
    assert pmto.alder_min is None and pmto.alder_maks is None
    assert pmto.antall_samlinger is None and pmto.varighet_min is None
    assert pmto.tolk_mulig is None
    assert pmto.form == "" and pmto.kontraindikasjoner == "" and pmto.malgruppe == ""
    assert Program.objects.filter(tjeneste=tjeneste).count() == len(PROGRAMMER)
    assert Program.objects.get(tjeneste=tjeneste, kode="sara-v3").kartleggingsverktoy
