"""The contractors' rules as pure functions (no database): OPP-01, OPP-02's certificate age,
OPP-05's months."""

from datetime import date

from contractors import rules
from contractors.models import Oppdrag, Oppdragstaker


def test_OPP_01_every_kind_of_contractor_is_known():
    assert set(Oppdragstaker.Type.values) == {
        "stottekontakt",
        "fritidskontakt",
        "besokshjem",
        "stottefamilie",
        "tilsynsforer",
        "veileder",
        "kjopt_tjeneste",
    }


def test_OPP_03_only_engaged_contractors_need_an_approval_document():
    def o(tilknytning, arbeider=True):
        return Oppdragstaker(tilknytning=tilknytning, arbeider_med_barnet=arbeider)

    assert o("oppdragstaker").trenger_godkjenningsdokument
    assert not o("kommunalt_ansatt").trenger_godkjenningsdokument
    assert not o("firma").trenger_godkjenningsdokument
    # OPP-02 still holds for everyone who works with the child.
    assert o("kommunalt_ansatt").omfattes_av_opp02
    assert o("firma", True).omfattes_av_opp02
    assert not o("firma", False).omfattes_av_opp02


def test_OPP_02_a_certificate_older_than_the_limit_is_flagged(settings):
    settings.POLITIATTEST_MAKS_ALDER_MANEDER = 36
    on = date(2026, 11, 22)
    assert not rules.politiattest_for_gammel(date(2023, 11, 22), on)
    assert rules.politiattest_for_gammel(date(2023, 11, 21), on)
    settings.POLITIATTEST_MAKS_ALDER_MANEDER = 12
    assert rules.politiattest_for_gammel(date(2025, 11, 1), on)


def test_OPP_05_last_month_and_report_months():
    assert rules.last_month(date(2026, 1, 15)) == date(2025, 12, 1)
    assert rules.last_month(date(2026, 3, 31)) == date(2026, 2, 1)
    assert rules.report_due_in(Oppdrag.Rapportering.MANEDLIG, date(2026, 2, 1))
    assert rules.report_due_in(Oppdrag.Rapportering.KVARTALSVIS, date(2026, 3, 1))
    assert not rules.report_due_in(Oppdrag.Rapportering.KVARTALSVIS, date(2026, 2, 1))
    assert not rules.report_due_in(Oppdrag.Rapportering.VED_AVSLUTNING, date(2026, 3, 1))


def test_OPP_02_politiattest_entry_rules():
    on = date(2026, 11, 22)
    ids = {
        (b.rule_id, b.field)
        for b in rules.politiattest_record_problems(
            utstedt_dato=date(2026, 12, 1),
            vurdert_dato=date(2026, 11, 1),
            resultat="merknader_akseptert",
            vurdering=" ",
            on=on,
        )
    }
    assert ids == {
        ("OPP-02", "utstedt_dato"),
        ("OPP-02", "vurdert_dato"),
        ("OPP-02", "vurdering"),
    }
