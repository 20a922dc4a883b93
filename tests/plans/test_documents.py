"""The letters read back as text with ``pdftotext``: the plan with its cover letter (PLAN-02,
PLAN-03), the child-friendly version (PLAN-05) and the evaluation with the goals merged in
(EVAL-03); none prints a shielded address (SAK-05)."""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from cases import services as case_services
from documents.models import Dokument
from documents.services import dokument_read_verified

from . import factories as f

pytestmark = pytest.mark.django_db


def pdf_text(dokument: Dokument, tmp_path) -> str:
    dokument = Dokument.objects.get(pk=dokument.pk)
    assert dokument.status == Dokument.Status.FERDIG, dokument.feil
    content = dokument_read_verified(dokument)
    assert content is not None  # the checksum matches (DOK-01)
    path = tmp_path / f"{dokument.pk}.pdf"
    path.write_bytes(content)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return " ".join(out.stdout.split())  # lines joined: a phrase may wrap


def d(value) -> str:
    return date_format(value, "j. F Y")


@pytest.fixture
def shielded_mother(world):
    """SAK-05: the mother's address is strictly confidential."""
    mor = world.sak_a.parter.get(daglig_omsorg=True)
    case_services.part_update(
        actor=world.saksbehandler,
        sak_id=world.sak_a.pk,
        part_id=mor.pk,
        data={"adresse": "Hemmeligveien 7, 9999 Fjordvik", "adressebeskyttelse": "fortrolig"},
    )
    return mor


def test_PLAN_02_PLAN_03_the_plan_letter_reads_back(
    world, tmp_path, shielded_mother, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _v, versjon, tiltak = f.running_plan(world)
    copies = Dokument.objects.for_source(versjon).filter(type="tiltaksplan")
    assert copies.count() == world.sak_a.parter.count()  # one copy per party (DOK-02)
    doc = copies.get(part=shielded_mother)
    text = pdf_text(doc, tmp_path)
    barn = world.sak_a.barn
    assert f"Tiltaksplan for {barn.fullt_navn}" in text
    assert world.sak_a.saksnummer in text
    assert "barnevernsloven § 8-1" in text  # the cover letter
    assert "versjon 1" in text
    for goal in f.GOALS:
        assert goal["beskrivelse"] in text and goal["malniva"] in text
    assert "Delmål 1.1: Fast morgenrutine" in text
    assert f.ACTIVITIES[0]["hvor_ofte"] in text
    assert tiltak.type.navn in text
    assert f.CONTENT["sikkerhetsplan"] in text
    assert f.CONTENT["medvirkning_barn"] in text
    assert d(versjon.neste_evaluering) in text
    # Every party's copy is listed; the shielded address is never printed (SAK-05), not
    # even in her own copy.
    assert "Likelydende brev er sendt til partene" in text
    for part in world.sak_a.parter.all():
        assert part.fullt_navn in text
    for copy in copies:
        assert "Hemmeligveien" not in pdf_text(copy, tmp_path)
    assert "Unntatt offentlighet" in text


def test_PLAN_05_the_child_friendly_version_reads_back(
    world, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _v, versjon, _t = f.running_plan(world)
    doc = Dokument.objects.for_source(versjon).get(type="tiltaksplan_barn")
    text = pdf_text(doc, tmp_path)
    assert "Planen min" in text
    assert f"Hei, {world.sak_a.barn.fornavn}!" in text
    assert f.CONTENT["til_barnet"] in text
    assert f.GOALS[0]["barnets_ord"] in text  # the child's own words for the goal
    assert f.GOALS[0]["indikator"] not in text  # no professional indicators
    assert f.CONTENT["sikkerhetsplan"] in text
    assert d(versjon.neste_evaluering) in text


def test_EVAL_03_EVAL_05_the_evaluation_letter_merges_the_goals(
    world, tmp_path, shielded_mother, django_capture_on_commit_callbacks
):
    f.running_plan(world, started_days_ago=40)
    neste = timezone.localdate() + timedelta(days=60)
    with django_capture_on_commit_callbacks(execute=True):
        ev = f.evaluation(world, neste=neste, konklusjon="avslutte")
    doc = Dokument.objects.for_source(ev).filter(type="evaluering").first()
    text = pdf_text(doc, tmp_path)
    assert f"Evaluering av tiltaksplan for {world.sak_a.barn.fullt_navn}" in text
    assert d(ev.dato) in text
    assert "Skolen melder mindre fravær." in text  # collaborating services
    assert "Barnet sier det er fint å spille fotball." in text  # the child's own view
    for goal in f.GOALS:
        assert goal["beskrivelse"] in text  # the goals merged in
    assert f.GOALS[0]["niva_na"] in text and "2 dager" in text  # level at start and now
    assert "Tiltaket virker." in text
    assert "forbereder et nytt vedtak" in text  # EVAL-04
    assert d(neste) in text
    assert "Hemmeligveien" not in text
