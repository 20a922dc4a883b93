"""RAPP-02: the daily extract in the published schema, streamed, validated, stable ids."""

import io
import zipfile

import pytest
from lxml import etree

from rapportering import schema, services
from rapportering.models import Uttrekk
from rapportering.records import uuid_for
from vedtak.models import Vedtak

pytestmark = pytest.mark.django_db


def documents(uttrekk):
    with uttrekk.fil.open("rb") as f:
        data = f.read()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_RAPP_02_extract_validates_against_the_vendored_schema(world, reported):
    vedtak = reported[0]
    u = services.uttrekk_build(tjeneste_id=world.tjeneste.pk)
    assert u.status == Uttrekk.Status.KLAR, list(u.funn.values_list("kontroll", "melding"))
    assert u.skjemaversjon == schema.SCHEMA_VERSION == schema.declared_version()
    docs = documents(u)
    assert len(docs) == u.antall_saker == 2  # the service's two cases
    for document in docs.values():
        assert schema.errors(document) == []
    doc = etree.fromstring(docs[f"{uuid_for('sak', world.sak_a.pk)}.xml"])
    sak = doc.find("Sak")
    assert sak.get("Journalnummer") == world.sak_a.saksnummer
    assert sak.find("Tiltak/Kategori").get("Kode") == "4.6"  # støttekontakt
    assert sak.find("Vedtak").get("Id") == uuid_for("vedtak", vedtak.pk)
    rel = {(r.get("FraType"), r.get("TilType")) for r in sak.findall("Relasjon")}
    assert ("Vedtak", "Tiltak") in rel
    assert sak.find("Plan").get("Plantype") == "1"
    assert len(sak.findall("Plan/Evaluering")) == 1


def test_RAPP_02_ids_are_stable_from_day_to_day(world, reported):
    first = documents(services.uttrekk_build(tjeneste_id=world.tjeneste.pk))
    again = documents(services.uttrekk_build(tjeneste_id=world.tjeneste.pk, force=True))
    assert first.keys() == again.keys()
    ids = lambda docs: sorted(  # noqa: E731
        e.get("Id") for d in docs.values() for e in etree.fromstring(d).iter("Tiltak", "Vedtak")
    )
    assert ids(first) == ids(again)


def test_RAPP_02_the_day_s_build_is_idempotent(world, reported):
    a = services.uttrekk_build(tjeneste_id=world.tjeneste.pk)
    b = services.uttrekk_build(tjeneste_id=world.tjeneste.pk)
    assert a.pk == b.pk
    assert Uttrekk.objects.count() == 1


def test_RAPP_04_stored_with_checksum_schema_version_and_result(world, reported):
    import hashlib

    u = services.uttrekk_build(tjeneste_id=world.tjeneste.pk)
    with u.fil.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == u.sjekksum
    assert u.skjemaversjon == "4.0.1"
    assert (u.antall_fatal, u.antall_error) == (0, 0)


def test_RAPP_04_the_extract_holds_only_what_the_schema_defines(world, reported):
    """Every element and attribute written is declared in the vendored schema."""
    xsd = etree.parse(str(schema.XSD_PATH))
    ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
    declared = {e.get("name") for e in xsd.iterfind(".//xs:element", ns)} | {
        e.get("name") for e in xsd.iterfind(".//xs:attribute", ns)
    }
    u = services.uttrekk_build(tjeneste_id=world.tjeneste.pk)
    for document in documents(u).values():
        for el in etree.fromstring(document).iter():
            assert el.tag in declared
            assert set(el.attrib) <= declared, el.tag


def test_RAPP_02_beat_task_and_command(world, reported, settings):
    from django.core.management import call_command

    from rapportering.tasks import build_daily

    entry = settings.CELERY_BEAT_SCHEDULE["rapportering-daily"]
    assert entry["task"] == build_daily.name == "rapportering.build_daily"
    build_daily.delay()
    assert Uttrekk.objects.filter(tjeneste=world.tjeneste).count() == 1
    call_command("rapportering_uttrekk", tjeneste=world.tjeneste.pk, stdout=io.StringIO())
    assert Uttrekk.objects.filter(tjeneste=world.tjeneste).count() == 1  # the day's is kept


def test_RAPP_04_a_failed_build_leaves_the_released_extract_untouched(world, reported, monkeypatch):
    from rapportering import extract

    released = services.uttrekk_build(tjeneste_id=world.tjeneste.pk)
    services.uttrekk_release(actor=world.barnevernleder, uttrekk_id=released.pk)

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(extract, "read_chunk", broken)
    failed = services.uttrekk_build(tjeneste_id=world.tjeneste.pk, force=True)
    assert failed.status == Uttrekk.Status.FEILET and failed.feil == "RuntimeError"
    released.refresh_from_db()
    assert released.status == Uttrekk.Status.FRIGITT
    assert documents(released)


def test_RAPP_01_a_measure_type_without_category_blocks_the_extract_naming_it(world, reported):
    vedtak = reported[0]
    t = vedtak.tiltak.first().type
    t.register_kategori = ""
    t.save(update_fields=["register_kategori"])
    u = services.uttrekk_build(tjeneste_id=world.tjeneste.pk)
    assert u.status == Uttrekk.Status.STOPPET and not u.kan_frigis
    [f] = u.funn.filter(kontroll="Produkt kontroll 1")
    assert (f.alvorlighetsgrad, f.objekt, f.objekt_id) == ("FATAL", "tiltakstype", t.pk)
    assert t.navn in f.melding and "RAPP-01" in f.melding
    # The case is kept out of the file, and the extract cannot be released with it missing.
    assert f"{uuid_for('sak', world.sak_a.pk)}.xml" not in documents(u)


def test_RAPP_01_a_category_not_valid_on_the_day_blocks(world, reported):
    t = reported[0].tiltak.first().type
    t.register_kategori = "8.2"  # Bolig med oppfølging: valid to 31.12.2025
    t.save(update_fields=["register_kategori"])
    u = services.uttrekk_build(tjeneste_id=world.tjeneste.pk)
    assert u.funn.filter(kontroll="Produkt kontroll 2", alvorlighetsgrad="FATAL").exists()


def test_RAPP_02_a_legal_basis_without_section_blocks_naming_the_decision(world, reported):
    vedtak = reported[0]
    Vedtak.objects.filter(pk=vedtak.pk).update(hjemmel="barnevernloven")
    u = services.uttrekk_build(tjeneste_id=world.tjeneste.pk)
    [f] = u.funn.filter(kontroll="Produkt kontroll 3")
    assert (f.objekt, f.objekt_id, f.sak_id) == ("vedtak", vedtak.pk, world.sak_a.pk)
    assert u.status == Uttrekk.Status.STOPPET


def test_RAPP_02_a_service_without_organisation_number_is_stopped(world, reported, avgiver):
    avgiver.delete()
    u = services.uttrekk_build(tjeneste_id=world.tjeneste.pk)
    assert u.funn.filter(kontroll="Produkt kontroll 4", objekt="tjeneste").exists()
    assert u.status == Uttrekk.Status.STOPPET


def test_RAPP_02_legal_basis_parsed():
    from rapportering.extract import lovhjemmel

    h = lovhjemmel("barnevernsloven § 3-1")
    assert (h.lov, h.kapittel, h.paragraf) == ("BVL2021", "3", "1")
    assert lovhjemmel("barnevernloven 1992 § 4-4 annet ledd").lov == "BVL"
    assert lovhjemmel("barnevernloven") is None


def test_RAPP_02_ettervern_from_the_decision_at_18(world, reported):
    from ettervern.models import Ettervernvedtak

    vedtak = reported[0]
    e = Ettervernvedtak.objects.create(vedtak=vedtak, utfall="takker_nei")
    u = services.uttrekk_build(tjeneste_id=world.tjeneste.pk)
    doc = documents(u)[f"{uuid_for('sak', world.sak_a.pk)}.xml"]
    assert schema.errors(doc) == []
    el = etree.fromstring(doc).find("Sak/Ettervern")
    assert el.get("Id") == uuid_for("ettervern", e.pk)
    assert el.find("Konklusjon").get("Kode") == "3"  # Ikke lenger tiltak, etter brukers ønske
