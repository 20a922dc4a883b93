"""The pure rules of cases: SAK-01 identity numbers, SAK-02 party age, SAK-03 deadlines."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases import rules
from cases.rules import (
    IdNumberError,
    add_months,
    child_is_party,
    child_party_from,
    investigation_deadline,
    latest_start_for_deadline,
    make_synthetic_id_number,
    parse_id_number,
    synthetic_individual_numbers,
)

births = st.dates(min_value=date(1900, 1, 1), max_value=date(2039, 12, 31))


def _valid_synthetic(born: date) -> str:
    for individual in synthetic_individual_numbers(born):
        number = make_synthetic_id_number(born, individual)
        if number:
            return number
    raise AssertionError


# --- SAK-01 ------------------------------------------------------------------------------------


def test_SAK_01_synthetic_number_parses_with_birth_date():
    number = _valid_synthetic(date(2015, 3, 9))
    parsed = parse_id_number(number, allow_synthetic=True)
    assert parsed.birth_date == date(2015, 3, 9)
    assert parsed.is_synthetic
    assert not parsed.is_d_number


def test_SAK_01_synthetic_numbers_refused_when_not_allowed():
    number = _valid_synthetic(date(2015, 3, 9))
    with pytest.raises(IdNumberError, match="SAK-01"):
        parse_id_number(number, allow_synthetic=False)


def test_SAK_01_d_number_day_plus_40():
    first_nine = f"{9 + 40:02d}{3 + 80:02d}15"
    for individual in range(500, 1000):
        digits = rules.check_digits(f"{first_nine}{individual:03d}")
        if digits:
            number = f"{first_nine}{individual:03d}{digits}"
            break
    parsed = parse_id_number(number, allow_synthetic=True)
    assert parsed.is_d_number
    assert parsed.birth_date == date(2015, 3, 9)


@pytest.mark.parametrize(
    "value",
    ["", "1234567890", "123456789012", "abcdefghijk", "00000000000 1"],
)
def test_SAK_01_wrong_length_or_not_digits(value):
    with pytest.raises(IdNumberError, match="SAK-01"):
        parse_id_number(value, allow_synthetic=True)


def test_SAK_01_invalid_date_refused():
    # 31 February, with correct check digits.
    first_nine = f"31{2 + 80:02d}15500"
    for individual in range(500, 1000):
        first_nine = f"31{2 + 80:02d}15{individual:03d}"
        digits = rules.check_digits(first_nine)
        if digits:
            break
    with pytest.raises(IdNumberError, match="SAK-01"):
        parse_id_number(first_nine + digits, allow_synthetic=True)


@given(born=births, position=st.integers(0, 10), delta=st.integers(1, 9))
def test_SAK_01_any_single_digit_error_is_caught(born, position, delta):
    """Mod-11 with two check digits catches every single-digit error."""
    number = _valid_synthetic(born)
    wrong = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    with pytest.raises(IdNumberError):
        parse_id_number(wrong, allow_synthetic=True)


@given(born=births)
def test_SAK_01_generated_synthetic_numbers_are_valid(born):
    number = _valid_synthetic(born)
    assert parse_id_number(number, allow_synthetic=True).birth_date == born


def test_SAK_01_spaces_are_ignored():
    number = _valid_synthetic(date(2012, 12, 1))
    spaced = f"{number[:6]} {number[6:]}"
    assert parse_id_number(spaced, allow_synthetic=True).value == number


def test_SAK_01_check_digit_ten_has_no_number():
    """Nine digits whose first check digit would be 10 have no valid number at all."""
    found = False
    for individual in range(500, 1000):
        if rules.check_digits(f"0181{15:02d}{individual:03d}") is None:
            found = True
            assert make_synthetic_id_number(date(2015, 1, 1), individual) is None
    assert found


# --- SAK-02 ------------------------------------------------------------------------------------


def test_SAK_02_child_is_party_from_15th_birthday():
    born = date(2010, 6, 15)
    assert not child_is_party(born, date(2025, 6, 14))
    assert child_is_party(born, date(2025, 6, 15))


def test_SAK_02_leap_day_birthday_becomes_party_on_1_march():
    assert child_party_from(date(2012, 2, 29)) == date(2027, 3, 1)


def test_SAK_02_younger_child_granted_party_status_by_decision():
    born = date(2016, 1, 1)
    today = date(2026, 11, 22)
    assert not child_is_party(born, today)
    assert child_is_party(born, today, granted_on=date(2026, 10, 1))
    assert not child_is_party(born, today, granted_on=date(2026, 12, 1))


# --- SAK-03 ------------------------------------------------------------------------------------


def test_SAK_03_deadline_three_months_extendable_to_six(settings):
    assert investigation_deadline(date(2026, 1, 15), extended=False) == date(2026, 4, 15)
    assert investigation_deadline(date(2026, 1, 15), extended=True) == date(2026, 7, 15)


def test_SAK_03_deadline_at_month_end_is_clamped():
    assert investigation_deadline(date(2026, 11, 30), extended=False) == date(2027, 2, 28)
    assert investigation_deadline(date(2027, 11, 30), extended=False) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    months=st.sampled_from([1, 3, 6]),
)
def test_SAK_03_deadline_never_more_than_the_months_allow(start, months):
    deadline = add_months(start, months)
    assert deadline > start
    # Never later than the same day number months later, and never past that month.
    assert (deadline.year - start.year) * 12 + deadline.month - start.month == months
    assert deadline.day <= start.day


@given(
    day=st.dates(min_value=date(2001, 1, 1), max_value=date(2090, 1, 1)),
    months=st.sampled_from([3, 6]),
)
def test_SAK_03_sql_bound_is_the_exact_inverse(day, months):
    """latest_start_for_deadline turns "deadline ≤ D" into "received ≤ X" without error."""
    bound = latest_start_for_deadline(day, months)
    assert add_months(bound, months) <= day
    assert add_months(bound + timedelta(days=1), months) > day
