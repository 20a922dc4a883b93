"""RAPP-03: each implemented published control, with a record that breaks it and one that
does not, in the published wording (``xsd/Kravspesifikasjon.md``). Pure: no database."""

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from rapportering import controls as c
from rapportering import records as r
from rapportering.schema import XSD_DIR

ON = date(2026, 6, 15)  # the extract's date: fixed, these are pure functions of it
BVL21 = r.Lovhjemmel("BVL2021", "3", "1")


def sak(**kw) -> r.Sak:
    base = {
        "id": r.uuid_for("sak", 1),
        "pk": 1,
        "journalnummer": "2026-1",
        "start": date(2026, 1, 10),
        "slutt": None,
        "personalia_id": r.uuid_for("personalia", 1),
        "fodselsnummer": "01011512345",
        "fodselsdato": date(2015, 1, 1),
        "kjonn": "1",
    }
    return r.Sak(**{**base, **kw})


def vedtak(pk=1, start=date(2026, 2, 1), **kw) -> r.Vedtak:
    v = r.Vedtak(r.uuid_for("vedtak", pk), pk, start, kw.pop("lov", BVL21), **kw)
    v.status.append((r.uuid_for("s", pk), "1", start))
    return v


def tiltak(v: r.Vedtak, pk=1, kategori="4.6", presisering="", **kw) -> r.Tiltak:
    return r.Tiltak(
        r.uuid_for("tiltak", pk),
        pk,
        kw.pop("start", date(2026, 2, 10)),
        kategori,
        presisering,
        kw.pop("lovhjemmel", v.lovhjemmel),
        v.id,
        1,
        **kw,
    )


def with_measure(s: r.Sak, **kw) -> r.Sak:
    v = vedtak()
    t = tiltak(v, **kw)
    s.vedtak.append(v)
    s.tiltak.append(t)
    s.relasjoner.append(r.relasjon(v.id, "Vedtak", t.id, "Tiltak"))
    return s


def found(s: r.Sak, kontroll: c.Kontroll, on: date = ON) -> list[str]:
    return [f.melding for f in c.check_sak(s, on) if f.kontroll == kontroll.id]


def test_RAPP_03_every_control_has_the_published_wording():
    published = (XSD_DIR / "Kravspesifikasjon.md").read_text(encoding="utf-8")
    assert len(c.PUBLISHED) >= 30
    for k in c.PUBLISHED:
        assert k.id in published, k.id
        assert k.tekst in published, k.id


def test_RAPP_03_filbeskrivelse_is_fatal():
    assert c.FILBESKRIVELSE.grad == c.FATAL
    assert c.FILBESKRIVELSE.fill() == "Innholdet er feil i forhold til filbeskrivelsen / XSD"


def test_RAPP_03_avgiver_kontroll_1():
    oslo = r.Avgiver("958935420", "0301", "Oslo")
    assert [f.melding for f in c.check_avgiver(oslo, 1)] == [
        "Bydelsnummer og/eller Bydelsnavn skal være utfylt"
    ]
    assert not list(c.check_avgiver(replace(oslo, bydelsnummer="01", bydelsnavn="Gamle Oslo"), 1))
    assert not list(c.check_avgiver(r.Avgiver("912345678", "9901", "Kommune"), 1))


def test_RAPP_03_sak_kontroll_2a():
    bad = with_measure(sak(slutt=date(2026, 1, 5)))
    assert found(bad, c.SAK_2A) == ["Sakens startdato 2026-01-10 er etter sluttdato 2026-01-05"]
    assert not found(with_measure(sak(slutt=date(2026, 3, 1))), c.SAK_2A)


def test_RAPP_03_sak_kontroll_7_client_of_25_still_open():
    bad = with_measure(sak(fodselsdato=date(2001, 1, 1)))
    assert found(bad, c.SAK_7) == [
        "Klienten er over 25 år og skal avsluttes som klient. Alder: 25 år."
    ]
    assert not found(with_measure(sak(fodselsdato=date(2002, 1, 1))), c.SAK_7)


def test_RAPP_03_sak_kontroll_8_over_18_without_measures():
    adult = sak(fodselsdato=date(2008, 1, 1))
    adult.undersokelser.append(r.Undersokelse("u", 1, date(2026, 1, 10)))
    assert found(adult, c.SAK_8) == [
        "Klienten er over 18 år og skal dermed ha tiltak. Alder: 18 år."
    ]
    assert not found(with_measure(sak(fodselsdato=date(2008, 1, 1))), c.SAK_8)


def test_RAPP_03_sak_kontroll_21_open_case_with_nothing():
    assert found(sak(), c.SAK_KONTROLL_21) == [c.SAK_KONTROLL_21.tekst]
    assert not found(with_measure(sak()), c.SAK_KONTROLL_21)
    assert not found(sak(slutt=date(2026, 3, 1)), c.SAK_KONTROLL_21)


def test_RAPP_03_sak_kontroll_23_closed_case_open_measure():
    assert found(with_measure(sak(slutt=date(2026, 3, 1))), c.SAK_KONTROLL_23) == [
        c.SAK_KONTROLL_23.tekst
    ]
    assert not found(
        with_measure(sak(slutt=date(2026, 3, 1)), slutt=date(2026, 2, 20)), c.SAK_KONTROLL_23
    )


def test_RAPP_03_personalia_kontroll_11():
    assert found(with_measure(sak(fodselsnummer="")), c.PERSONALIA_11) == [c.PERSONALIA_11.tekst]
    assert not found(with_measure(sak()), c.PERSONALIA_11)


def _investigation(s, start, slutt=None, kode="", relate=True):
    m = r.Melding(r.uuid_for("melding", 1), 1, start)
    u = r.Undersokelse(r.uuid_for("undersokelse", 1), 1, start, slutt, kode)
    s.meldinger.append(m)
    s.undersokelser.append(u)
    if relate:
        s.relasjoner.append(r.relasjon(m.id, "Melding", u.id, "Undersokelse"))
    return s


def test_RAPP_03_melding_kontroll_2e():
    bad = _investigation(sak(), date(2026, 1, 5), date(2026, 2, 1), "3")
    assert found(bad, c.MELDING_2E) == [
        "Meldingens startdato 2026-01-05 er før sakens startdato 2026-01-10"
    ]
    assert not found(_investigation(sak(), date(2026, 1, 10), date(2026, 2, 1), "3"), c.MELDING_2E)


def test_RAPP_03_undersokelse_kontroll_2a_2c_2e():
    bad = _investigation(sak(slutt=date(2026, 1, 20)), date(2026, 2, 1), date(2026, 1, 25), "3")
    assert found(bad, c.UNDERSOKELSE_2A) == [
        "Undersøkelsens startdato 2026-02-01 er etter sluttdato 2026-01-25"
    ]
    assert found(bad, c.UNDERSOKELSE_2C) == [
        "Undersøkelsens sluttdato 2026-01-25 er etter sakens sluttdato 2026-01-20"
    ]
    early = _investigation(sak(), date(2026, 1, 1), date(2026, 2, 1), "3")
    assert found(early, c.UNDERSOKELSE_2E) == [
        "Undersøkelsens startdato 2026-01-01 er før sakens startdato 2026-01-10"
    ]
    good = _investigation(sak(), date(2026, 1, 10), date(2026, 2, 1), "3")
    for k in (c.UNDERSOKELSE_2A, c.UNDERSOKELSE_2C, c.UNDERSOKELSE_2E):
        assert not found(good, k)


def test_RAPP_03_undersokelse_kontroll_11_deadline():
    start = ON - timedelta(days=7 + 91)
    open_one = _investigation(sak(start=start), start)
    assert found(open_one, c.UNDERSOKELSE_11_90) == [c.UNDERSOKELSE_11_90.tekst]
    start = ON - timedelta(days=7 + 181)
    assert found(_investigation(sak(start=start), start), c.UNDERSOKELSE_11_180) == [
        c.UNDERSOKELSE_11_180.tekst
    ]
    start = ON - timedelta(days=30)
    assert not found(_investigation(sak(start=start), start), c.UNDERSOKELSE_11_90)


def test_RAPP_03_undersokelse_kontroll_20_and_21():
    no_rel = _investigation(sak(), date(2026, 1, 10), relate=False)
    assert found(no_rel, c.UNDERSOKELSE_20) == [c.UNDERSOKELSE_20.tekst]
    concluded = _investigation(sak(), date(2026, 1, 10), date(2026, 1, 30), "1")
    assert found(concluded, c.UNDERSOKELSE_21) == [c.UNDERSOKELSE_21.tekst]
    u = concluded.undersokelser[0]
    with_measure(concluded)
    concluded.relasjoner.append(r.relasjon(u.id, "Undersokelse", concluded.vedtak[0].id, "Vedtak"))
    assert not found(concluded, c.UNDERSOKELSE_21)
    assert not found(concluded, c.UNDERSOKELSE_20)


def test_RAPP_03_vedtak_kontroll_2a_2c_2e_3():
    s = sak(slutt=date(2026, 3, 1))
    v = vedtak(start=date(2026, 2, 1), slutt=date(2026, 4, 1))
    v.status.append(("x", "4", date(2026, 4, 1)))
    s.vedtak.append(v)
    assert found(s, c.VEDTAK_2C) == [
        "Vedtakets sluttdato 2026-04-01 er etter Sakens sluttdato 2026-03-01"
    ]
    early = sak()
    early.vedtak.append(vedtak(start=date(2026, 1, 2), slutt=date(2026, 1, 1)))
    assert found(early, c.VEDTAK_2A) == [
        "Vedtakets startdato 2026-01-02 er etter sluttdato 2026-01-01"
    ]
    assert found(early, c.VEDTAK_2E) == [
        "Vedtakets startdato 2026-01-02 er før sakens startdato 2026-01-10"
    ]
    ended = sak()
    ended.vedtak.append(vedtak())
    ended.vedtak[0].status.append(("x", "4", date(2026, 3, 1)))
    assert found(ended, c.VEDTAK_3) == [c.VEDTAK_3.tekst]
    good = with_measure(sak())
    for k in (c.VEDTAK_2A, c.VEDTAK_2C, c.VEDTAK_2E, c.VEDTAK_3):
        assert not found(good, k)


def test_RAPP_03_vedtak_kontroll_4_and_5():
    s = sak()
    s.vedtak.append(vedtak(lov=r.Lovhjemmel("SOSTJL", "3", "1")))
    assert found(s, c.VEDTAK_4) == [
        "Lovhjemlene under vedtak inneholder annen verdi for lov enn BVL, BVL2021 eller BL1981. "
        "Lov: SOSTJL."
    ]
    old = sak(start=date(2022, 1, 1))
    old.vedtak.append(vedtak(start=date(2022, 6, 1)))
    assert found(old, c.VEDTAK_5_FOR) == [
        "Lovhjemmel opprettet før 01. januar 2023 krever lov = 'BVL'"
    ]
    new = sak()
    new.vedtak.append(vedtak(lov=r.Lovhjemmel("BVL", "4", "4")))
    assert found(new, c.VEDTAK_5_ETTER) == [
        "Lovhjemmel opprettet på 01. januar 2023 eller senere krever lov = 'BVL2021'"
    ]
    assert not found(with_measure(sak()), c.VEDTAK_4)
    assert not found(with_measure(sak()), c.VEDTAK_5_ETTER)


def test_RAPP_03_tiltak_kontroll_2a_2c_2e():
    bad = with_measure(sak(slutt=date(2026, 2, 15)), slutt=date(2026, 3, 1))
    assert found(bad, c.TILTAK_2C) == [
        "Tiltakets sluttdato 2026-03-01 er etter Sakens sluttdato 2026-02-15"
    ]
    assert found(with_measure(sak(), slutt=date(2026, 2, 1)), c.TILTAK_2A) == [
        "Tiltakets startdato 2026-02-10 er etter sluttdato 2026-02-01"
    ]
    assert found(with_measure(sak(), start=date(2026, 1, 1)), c.TILTAK_2E) == [
        "Tiltakets startdato 2026-01-01 er før sakens startdato 2026-01-10"
    ]
    good = with_measure(sak())
    for k in (c.TILTAK_2A, c.TILTAK_2C, c.TILTAK_2E):
        assert not found(good, k)


def test_RAPP_03_tiltak_kontroll_5_and_6_age():
    assert found(with_measure(sak(), kategori="4.1"), c.TILTAK_5) == [
        "Barnet er over 7 år og i barnehage. Alder: 11 år."
    ]
    assert not found(with_measure(sak(fodselsdato=date(2021, 1, 1)), kategori="4.1"), c.TILTAK_5)
    teen = sak(fodselsdato=date(2012, 1, 1))
    assert found(with_measure(teen, kategori="4.2"), c.TILTAK_6) == [
        "Barnet er over 11 år og i SFO. Alder: 14 år."
    ]
    assert not found(with_measure(sak(), kategori="4.2"), c.TILTAK_6)


def test_RAPP_03_tiltak_kontroll_7_category_without_presisering():
    assert found(with_measure(sak(), kategori="3.99"), c.TILTAK_7) == [
        "Tiltakskategori (3.99) mangler presisering."
    ]
    assert found(with_measure(sak(), kategori="3.7"), c.TILTAK_7)
    assert not found(with_measure(sak(), kategori="3.99", presisering="COS-P"), c.TILTAK_7)


def test_RAPP_03_tiltak_kontroll_9_overlapping_placements():
    s = with_measure(sak(), kategori="2.99", presisering="x", start=date(2026, 1, 10))
    v = s.vedtak[0]
    t2 = tiltak(v, pk=2, kategori="1.1", start=date(2026, 1, 15))
    s.tiltak.append(t2)
    s.relasjoner.append(r.relasjon(v.id, "Vedtak", t2.id, "Tiltak"))
    [message] = found(s, c.TILTAK_9)
    assert message.startswith("Flere plasseringstiltak i samme periode (2026-01-15 - 2026-06-15)")
    assert f"Overlapper med tiltak-id {t2.id}." in message
    t2.slutt = date(2026, 2, 1)
    assert not found(s, c.TILTAK_9)


def test_RAPP_03_tiltak_kontroll_20_and_21():
    s = with_measure(sak())
    s.relasjoner.clear()
    assert found(s, c.TILTAK_20) == [c.TILTAK_20.tekst]
    other = with_measure(sak(), lovhjemmel=r.Lovhjemmel("BVL2021", "3", "2"))
    assert found(other, c.TILTAK_21) == [c.TILTAK_21.tekst]
    assert not found(with_measure(sak()), c.TILTAK_20)
    assert not found(with_measure(sak()), c.TILTAK_21)


def test_RAPP_03_tiltak_kontroll_22_and_23():
    [m] = found(with_measure(sak(), kategori="1.99", presisering="TFCO"), c.TILTAK_22)
    assert m.startswith("Dette er er en advarsel. Kun plasseringstiltak skal ha kode 1.99. Dersom")
    assert found(with_measure(sak(), kategori="2.99", presisering="x"), c.TILTAK_23)
    assert not found(with_measure(sak()), c.TILTAK_22)
    assert not found(with_measure(sak()), c.TILTAK_23)


def _plan(s, start, evalueringer=(), slutt=None):
    s.planer.append(r.Plan(r.uuid_for("plan", 1), 1, start, "1", list(evalueringer), slutt))
    return s


def test_RAPP_03_plan_kontroll_2a_2c_2e_2f_2g():
    closed = with_measure(sak(slutt=date(2026, 3, 1)), slutt=date(2026, 3, 1))
    _plan(closed, date(2026, 4, 1), [date(2026, 1, 1), date(2026, 3, 5)], date(2026, 3, 10))
    assert found(closed, c.PLAN_2A) == [
        "Planens startdato 2026-04-01 er etter sluttdato 2026-03-10"
    ]
    assert found(closed, c.PLAN_2C) == [
        "Planens sluttdato 2026-03-10 er etter sakens sluttdato 2026-03-01"
    ]
    assert found(closed, c.PLAN_2F) == [
        "Utført evaluering 2026-03-05 er etter sakens sluttdato 2026-03-01"
    ]
    assert found(closed, c.PLAN_2G) == [
        "Utført evaluering 2026-01-01 er før sakens startdato 2026-01-10"
    ]
    assert found(_plan(with_measure(sak()), date(2026, 1, 1)), c.PLAN_2E) == [
        "Planens startdato 2026-01-01 er før sakens startdato 2026-01-10"
    ]
    good = _plan(with_measure(sak()), date(2026, 2, 10), [date(2026, 3, 1)])
    for k in (c.PLAN_2A, c.PLAN_2C, c.PLAN_2E, c.PLAN_2F, c.PLAN_2G):
        assert not found(good, k)


@pytest.mark.parametrize("kontroll", [k.id for k in c.PUBLISHED])
def test_RAPP_03_severities_are_the_published_ones(kontroll):
    text = (XSD_DIR / "Kravspesifikasjon.md").read_text(encoding="utf-8")
    k = next(k for k in c.PUBLISHED if k.id == kontroll)
    section = text[text.index(k.tekst) :]
    first = re.search(r"FATAL|ERROR|WARNING|INFO", section.split("Alvorlighetsgrad", 1)[1])
    assert first.group(0) == k.grad


def test_RAPP_03_ettervern_kontroll_2a_2c_2e():
    closed = with_measure(sak(slutt=date(2026, 3, 1)), slutt=date(2026, 3, 1))
    closed.ettervern.append(r.Ettervern("e", 7, date(2026, 3, 20), date(2026, 3, 10), "1"))
    assert found(closed, c.ETTERVERN_2A) == [
        "Ettervernets tilbudSendtDato 2026-03-20 er etter sluttdato 2026-03-10"
    ]
    assert found(closed, c.ETTERVERN_2C) == [
        "Ettervern sin sluttdato 2026-03-10 er etter sakens sluttdato 2026-03-01"
    ]
    early = with_measure(sak())
    early.ettervern.append(r.Ettervern("e", 7, date(2026, 1, 2), date(2026, 1, 2), "1"))
    assert found(early, c.ETTERVERN_2E) == [
        "Ettervern sin tilbud-sendt-dato 2026-01-02 er før sakens startdato 2026-01-10"
    ]
    good = with_measure(sak())
    good.ettervern.append(r.Ettervern("e", 7, date(2026, 2, 1), date(2026, 2, 1), "1"))
    for k in (c.ETTERVERN_2A, c.ETTERVERN_2C, c.ETTERVERN_2E):
        assert not found(good, k)
