"""The rules of the programme bank (BANK-02, BANK-03): pure functions of a programme and what
the case records about the child and the family. The decisions (``vedtak``) ask them for the
measures of a draft; nothing here reads the database.

- BANK-02 (should): a programme chosen for a child outside its age range, for a family that
  needs an interpreter when the programme cannot use one, or when the programme records
  contra-indications, warns; the decision goes to the team leader only with a recorded
  assessment.
- BANK-03 (must): a programme given by another service is reached by a referral, and an
  assessment tool is never a measure.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.exceptions import RuleBreach

from .models import Program


def outside_age(program: Program, age: int) -> bool:
    """The child's age in whole years is below the youngest or above the oldest age (both
    limits count as inside: a programme for 0–10 years takes a child of 10)."""
    lo, hi = program.alder_min, program.alder_maks
    return (lo is not None and age < lo) or (hi is not None and age > hi)


def interpreter_conflict(program: Program, needs_interpreter: bool) -> bool:
    """The family needs an interpreter and the programme is recorded as not usable with one
    (``None``, not recorded, does not warn)."""
    return needs_interpreter and program.tolk_mulig is False


def fit_problems(program: Program, *, age: int, needs_interpreter: bool) -> list[str]:
    """BANK-02: why the programme may not fit this child and family, one sentence each."""
    found = []
    if outside_age(program, age):
        found.append(
            _("«%(program)s» is for children of %(range)s; the child is %(age)s.")
            % {"program": program.navn, "range": program.aldersspenn, "age": age}
        )
    if interpreter_conflict(program, needs_interpreter):
        found.append(
            _("The family needs an interpreter, and «%(program)s» is not given with one.")
            % {"program": program.navn}
        )
    if program.kontraindikasjoner.strip():
        found.append(
            _("«%(program)s» has contra-indications: %(text)s")
            % {"program": program.navn, "text": program.kontraindikasjoner.strip()}
        )
    return found


def measure_refusal(program: Program, field: str = "program") -> RuleBreach | None:
    """BANK-03: why the programme cannot be a measure of a decision, or ``None``."""
    if program.kartleggingsverktoy:
        return RuleBreach(
            "BANK-03",
            _("«%(program)s» is an assessment tool, and an assessment tool is never a measure.")
            % {"program": program.navn},
            field,
        )
    if program.gis_av_annen:
        return RuleBreach(
            "BANK-03",
            _(
                "«%(program)s» is given by another service: refer the family to it instead of "
                "making it a measure."
            )
            % {"program": program.navn},
            field,
        )
    return None
