"""The rules of the case and its parties (SAK-01 … SAK-04): pure functions, no I/O."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from core.rules import Rule

# --- SAK-01: fødselsnummer and D-number ------------------------------------------------------

_K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class IdNumberError(ValueError):
    """The number is not a valid fødselsnummer or D-number; the message says why."""


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: date
    is_d_number: bool
    is_synthetic: bool


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def check_digits(first_nine: str) -> str | None:
    """The two mod-11 check digits for nine digits, or None when no valid pair exists."""
    k1 = _check_digit(first_nine, _K1_WEIGHTS)
    if k1 is None:
        return None
    k2 = _check_digit(first_nine + str(k1), _K2_WEIGHTS)
    if k2 is None:
        return None
    return f"{k1}{k2}"


def _century(year2: int, individual: int) -> int | None:
    if individual <= 499:
        return 1900
    if individual <= 749 and year2 >= 54:
        return 1800
    if year2 <= 39:
        return 2000
    if individual >= 900:
        return 1900
    return None


def parse_id_number(raw: str, *, allow_synthetic: bool) -> IdNumber:
    """SAK-01: validate a fødselsnummer or D-number by its two mod-11 check digits and its date.

    Synthetic numbers (the tax authority's test numbers, month + 80) are accepted only when
    ``allow_synthetic`` is on, which production settings turn off.
    """
    value = "".join(raw.split())
    if len(value) != 11 or not value.isdigit():
        raise IdNumberError(_("A national identity number has 11 digits (SAK-01)."))
    if check_digits(value[:9]) != value[9:]:
        raise IdNumberError(_("The check digits do not match: check the number (SAK-01)."))
    day, month, year2, individual = (
        int(value[0:2]),
        int(value[2:4]),
        int(value[4:6]),
        int(value[6:9]),
    )
    is_d_number = day > 40
    if is_d_number:
        day -= 40
    is_synthetic = month > 80
    if is_synthetic:
        if not allow_synthetic:
            raise IdNumberError(
                _("Synthetic test numbers are not accepted in this system (SAK-01).")
            )
        month -= 80
    century = _century(year2, individual)
    try:
        if century is None:
            raise ValueError
        birth_date = date(century + year2, month, day)
    except ValueError:
        raise IdNumberError(_("The number does not contain a valid birth date (SAK-01).")) from None
    return IdNumber(value, birth_date, is_d_number, is_synthetic)


def synthetic_individual_numbers(birth_date: date) -> range:
    """The individual numbers that mark a birth in that century (SAK-01)."""
    if 1900 <= birth_date.year <= 1999:
        return range(500)
    if 2000 <= birth_date.year <= 2039:
        return range(500, 1000)
    raise ValueError("Synthetic numbers are made for births 1900–2039.")


def make_synthetic_id_number(birth_date: date, individual: int) -> str | None:
    """A synthetic fødselsnummer (month + 80) for demo and test data, or None when the
    individual number gives no valid check digits (try the next one)."""
    if individual not in synthetic_individual_numbers(birth_date):
        raise ValueError("The individual number does not match the birth year.")
    first_nine = f"{birth_date.day:02d}{birth_date.month + 80:02d}{birth_date:%y}{individual:03d}"
    digits = check_digits(first_nine)
    return None if digits is None else first_nine + digits


# --- Dates --------------------------------------------------------------------------------------


def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the month's last day
    (31 January + 1 month = 28/29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def add_years(start: date, years: int) -> date:
    """Birthdays of 29 February fall on 1 March in common years (Norwegian practice)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


# --- SAK-01: an age no child case has -------------------------------------------------------

#: Measures run to 18 and aftercare (ettervern, bvl § 1-3) to 25 at the latest: an older «child»
#: is most likely a number typed wrong (issue 20, item 7). Not a block: the caseworker confirms.
CHILD_CASE_AGE_LIMIT = 25


def age_beyond_child_case(birth_date: date, on: date) -> int | None:
    """SAK-01: the child's age on ``on`` when it is over :data:`CHILD_CASE_AGE_LIMIT`, else
    ``None`` (18–25 is aftercare, an ordinary case)."""
    age = age_on(birth_date, on)
    return age if age > CHILD_CASE_AGE_LIMIT else None


# --- SAK-02: the child is a party from age 15 -------------------------------------------------

PARTY_AGE = 15


def child_party_from(birth_date: date) -> date:
    """SAK-02: the date the child becomes a party by law (bvl § 12-3)."""
    return add_years(birth_date, PARTY_AGE)


def child_is_party(birth_date: date, on: date, *, granted_on: date | None = None) -> bool:
    """SAK-02: a party from age 15, or earlier by a recorded decision."""
    return on >= child_party_from(birth_date) or (granted_on is not None and granted_on <= on)


# --- SAK-03: the investigation deadline --------------------------------------------------------


def investigation_deadline(received: date, *, extended: bool) -> date:
    """SAK-03: 3 months from receipt of the report, extendable to 6 (bvl § 2-2)."""
    from django.conf import settings

    months = (
        settings.UNDERSOKELSE_FRIST_FORLENGET_MANEDER
        if extended
        else settings.UNDERSOKELSE_FRIST_MANEDER
    )
    return add_months(received, months)


def _extended(sak, on: date) -> list[str]:
    return [""] if sak.undersokelse.forlenget else []


def _deadline_passed(sak, on: date) -> list[str]:
    u = sak.undersokelse
    return [""] if not u.forlenget and u.frist < on else []


#: SAK-03: the deadline is extended once, from 3 months to 6.
SAK_03_ONE_EXTENSION = Rule("SAK-03", _("The deadline is already extended to 6 months."), _extended)
#: SAK-03: … and before the 3 months have run out.
SAK_03_BEFORE_DEADLINE = Rule(
    "SAK-03",
    _("The 3-month deadline has passed; it can only be extended before it runs out."),
    _deadline_passed,
)
#: What blocks extending an investigation of a case (``problems(sak, on)``).
EXTEND_INVESTIGATION = (SAK_03_ONE_EXTENSION, SAK_03_BEFORE_DEADLINE)


def mask_id_number(value: str) -> str:
    """The number with its five personal digits hidden: ``170516 *****`` (issue 19, finding
    10). The first six are the birth date, which the page shows anyway."""
    digits = "".join((value or "").split())
    if not digits:
        return ""
    return f"{digits[:6]} *****"


def validate_id_number(value: str) -> None:
    """Model-field validator for SAK-01, honouring the ALLOW_SYNTHETIC_IDS setting."""
    from django.conf import settings
    from django.core.exceptions import ValidationError

    try:
        parse_id_number(value, allow_synthetic=settings.ALLOW_SYNTHETIC_IDS)
    except IdNumberError as exc:
        raise ValidationError(str(exc), code="invalid_id_number") from None


def latest_start_for_deadline(on_or_before: date, months: int) -> date:
    """The latest start date whose deadline (start + ``months``) falls on or before the given
    day – the inverse of :func:`add_months`, so that "deadline ≤ D" becomes a plain
    ``start <= X`` filter in SQL (used for SAK-03 and, later, the nightly deadline finder)."""
    from datetime import timedelta

    candidate = add_months(on_or_before, -months)
    while add_months(candidate + timedelta(days=1), months) <= on_or_before:
        candidate += timedelta(days=1)
    while add_months(candidate, months) > on_or_before:
        candidate -= timedelta(days=1)
    return candidate
