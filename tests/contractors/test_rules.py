"""The contractors' rules as pure functions (no database): OPP-01, OPP-02's certificate age,
OPP-05's months."""

from datetime import date

from django.utils import translation

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


# --- OPP-02 on an assignment: the short label of what is missing (issue 17) ----------------


def _ot(status="registrert", tilknytning="oppdragstaker", arbeider=True) -> Oppdragstaker:
    return Oppdragstaker(status=status, tilknytning=tilknytning, arbeider_med_barnet=arbeider)


def _label(o, politiattest=None, taushetserklaering=False, started=False):
    block = rules.start_block(
        o, politiattest=politiattest, taushetserklaering=taushetserklaering, started=started
    )
    return None if block is None else str(block)


def test_OPP_02_an_assignment_names_the_missing_documents_first():
    with translation.override("nb"):
        assert _label(_ot()) == (
            "Kan ikke starte: mangler politiattest og taushetserklæring (OPP-02)"
        )
        assert _label(_ot(), taushetserklaering=True) == (
            "Kan ikke starte: mangler politiattest (OPP-02)"
        )
        assert _label(_ot(), politiattest="ingen_merknader") == (
            "Kan ikke starte: mangler taushetserklæring (OPP-02)"
        )
        assert _label(_ot(), politiattest="ikke_godkjent", taushetserklaering=True) == (
            "Kan ikke starte: mangler godtatt politiattest (OPP-02)"
        )
        # The documents there, the approval is what is left (OPP-03) …
        ok = {"politiattest": "merknader_akseptert", "taushetserklaering": True}
        assert _label(_ot("dokumentasjon_mottatt"), **ok) == (
            "Kan ikke starte: mangler godkjenning (OPP-02)"
        )
        # … or, for a municipal employee, registering that they were received.
        assert _label(_ot(tilknytning="kommunalt_ansatt"), **ok) == (
            "Kan ikke starte: mangler registrering av mottatt dokumentasjon (OPP-02)"
        )
        assert _label(_ot("dokumentasjon_mottatt", tilknytning="kommunalt_ansatt"), **ok) is None
        assert _label(_ot("godkjent"), **ok) is None
        # A company's service that does not work with the child needs none of it.
        assert _label(_ot("dokumentasjon_mottatt", tilknytning="firma", arbeider=False)) is None
        # A running measure: the contractor must stop.
        assert _label(_ot("suspendert"), started=True, **ok) == (
            "Kan ikke arbeide: oppdragstakeren er suspendert (OPP-02)"
        )
        assert _label(_ot("godkjent"), politiattest="ikke_godkjent", started=True) == (
            "Kan ikke arbeide: mangler godtatt politiattest og taushetserklæring (OPP-02)"
        )


def test_OPP_02_the_accepted_results_are_the_models():
    from contractors.models import Politiattest

    assert set(rules.ACCEPTED_RESULTS) == set(Politiattest.GODTATT)


def test_OPP_02_missing_items_join_as_a_sentence():
    with translation.override("nb"):
        assert rules.join_items(["a"]) == "a"
        assert rules.join_items(["a", "b", "c"]) == "a, b og c"
