"""The journal's rules, pure (no database): JOUR-01, JOUR-03, JOUR-04."""

from datetime import date, timedelta

from journal import rules
from journal.models import Journalnotat

TODAY = date(2026, 3, 10)


def _note(**kwargs) -> Journalnotat:
    values = {
        "type": "samtale",
        "dato": TODAY - timedelta(days=1),
        "deltakere": "Mor",
        "hva_ble_sagt": "Noe ble sagt.",
        "vurdering": "En vurdering.",
        **kwargs,
    }
    notat = Journalnotat(**values)
    notat._chosen_parter = []
    return notat


def _fields(breaches):
    return {b.field for b in breaches}


def test_JOUR_01_a_complete_note_meets_the_rule():
    assert rules.JOUR_01.unmet(_note(), TODAY) == []


def test_JOUR_01_date_kind_participants_what_was_said_and_assessment_are_required():
    notat = _note(type="", dato=None, deltakere="", hva_ble_sagt=" ", vurdering="")
    breaches = rules.JOUR_01.unmet(notat, TODAY)
    assert _fields(breaches) == {"type", "dato", "deltakere", "hva_ble_sagt", "vurdering"}
    assert all(b.rule_id == "JOUR-01" for b in breaches)


def test_JOUR_01_a_party_who_took_part_counts_as_a_participant():
    notat = _note(deltakere="")
    notat._chosen_parter = [object()]
    assert rules.JOUR_01.unmet(notat, TODAY) == []


def test_JOUR_01_the_date_cannot_be_in_the_future():
    breaches = rules.JOUR_01.unmet(_note(dato=TODAY + timedelta(days=1)), TODAY)
    assert _fields(breaches) == {"dato"}


def test_JOUR_03_applies_to_a_conversation_with_the_child_only():
    assert rules.JOUR_03.unmet(_note(type="telefon"), TODAY) == []
    breaches = rules.JOUR_03.unmet(_note(type=rules.CHILD_CONVERSATION), TODAY)
    assert _fields(breaches) == {"barnet_fortalt", "barnets_ord", "barnet_informert_om_skriving"}
    assert rules.JOUR_03.strength == "should"


def test_JOUR_03_met_when_the_child_was_told_heard_and_told_how_it_is_written():
    notat = _note(
        type=rules.CHILD_CONVERSATION,
        barnet_fortalt="At vi skal hjelpe familien.",
        barnets_ord="«Jeg vil spille fotball.»",
        barnet_informert_om_skriving=False,
    )
    assert rules.JOUR_03.unmet(notat, TODAY) == []


def test_JOUR_04_an_outside_source_is_named():
    assert rules.JOUR_04.unmet(_note(ekstern_kilde=True, kilde=""), TODAY)[0].field == "kilde"
    assert rules.JOUR_04.unmet(_note(ekstern_kilde=True, kilde="Skolen"), TODAY) == []
    assert rules.JOUR_04.unmet(_note(ekstern_kilde=False, kilde=""), TODAY) == []
