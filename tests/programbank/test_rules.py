"""BANK-02 and BANK-03 as pure rules of a programme (programbank.rules): no database."""

from __future__ import annotations

import pytest

from programbank import rules
from programbank.models import Program


def program(**kw) -> Program:
    return Program(navn=kw.pop("navn", "Testprogram"), **kw)


@pytest.mark.parametrize(
    ("age", "outside"),
    [(2, True), (3, False), (7, False), (10, False), (11, True)],
)
def test_BANK_02_age_range_counts_both_limits_as_inside(age, outside):
    """A programme for 3–10 years takes a child of 3 and of 10; 2 and 11 warn."""
    p = program(alder_min=3, alder_maks=10)
    assert rules.outside_age(p, age) is outside
    assert bool(rules.fit_problems(p, age=age, needs_interpreter=False)) is outside


def test_BANK_02_an_empty_limit_is_no_limit():
    assert not rules.outside_age(program(alder_min=None, alder_maks=None), 17)
    assert not rules.outside_age(program(alder_min=12, alder_maks=None), 40)
    assert rules.outside_age(program(alder_min=None, alder_maks=5), 6)


def test_BANK_02_interpreter_warns_only_when_the_programme_cannot_use_one():
    assert rules.interpreter_conflict(program(tolk_mulig=False), True)
    assert not rules.interpreter_conflict(program(tolk_mulig=False), False)
    assert not rules.interpreter_conflict(program(tolk_mulig=True), True)
    # Not recorded: the bank does not know, so it does not warn.
    assert not rules.interpreter_conflict(program(tolk_mulig=None), True)


def test_BANK_02_recorded_contra_indications_ask_for_an_assessment():
    p = program(kontraindikasjoner="Bør ikke brukes ved rusmisbruk.")
    problems = rules.fit_problems(p, age=5, needs_interpreter=False)
    assert len(problems) == 1 and "rusmisbruk" in problems[0]
    assert not rules.fit_problems(program(), age=5, needs_interpreter=False)


def test_BANK_03_another_services_programme_and_assessment_tools_are_no_measure():
    assert rules.measure_refusal(program()) is None
    other = rules.measure_refusal(program(gis_av=Program.GisAv.ANNEN))
    assert other.rule_id == "BANK-03" and other.field == "program"
    tool = rules.measure_refusal(program(kartleggingsverktoy=True))
    assert tool.rule_id == "BANK-03"
    assert not program(kartleggingsverktoy=True).kan_vaere_tiltak
