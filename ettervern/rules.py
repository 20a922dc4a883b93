"""The rules of ettervern (ETT-01 … ETT-04, bvl § 3-6): pure functions of dates and records.

The days: the dialogue starts at the latest 6 months before the 18th birthday (ETT-01,
``FRIST_ETTERVERN_MANEDER``, the same months the nightly digest warns by); the decision is made
from the 18th birthday (ETT-02); nothing runs on or after the 25th birthday (ETT-03, checked
where decisions and plans are checked: :mod:`vedtak.rules`, :mod:`plans.rules`). A birthday of
29 February falls on 1 March in common years (:func:`cases.rules.add_years`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.rules import add_months, add_years
from core.exceptions import RuleBreach
from core.rules import Rule, format_date

ADULT_AGE = 18
LAST_AGE = 25

#: The outcomes of the decision at 18 (ETT-02), and the decision type each makes.
CONTINUE, CHANGE, END, DECLINED = "fortsette", "endre", "avslutte", "takker_nei"
ENDING = (END, DECLINED)


def eighteenth(born: date) -> date:
    return add_years(born, ADULT_AGE)


def twenty_fifth(born: date) -> date:
    return add_years(born, LAST_AGE)


def months_before() -> int:
    return int(getattr(settings, "FRIST_ETTERVERN_MANEDER", 6))


def dialogue_from(born: date) -> date:
    """ETT-01: the day the dialogue must have started by: 6 months before the 18th birthday
    (17 years and 6 months), the first day whose 6 months reach the birthday, as the nightly
    digest counts (a birthday on 31 August: from 1 March, since 28 February + 6 months is
    28 August)."""
    months, birthday = months_before(), eighteenth(born)
    day = add_months(birthday, -months)
    while add_months(day, months) < birthday:
        day += timedelta(days=1)
    while add_months(day - timedelta(days=1), months) >= birthday:
        day -= timedelta(days=1)
    return day


def in_aftercare_age(born: date, on: date) -> bool:
    """From 17 years 6 months until the day before the 25th birthday."""
    return dialogue_from(born) <= on < twenty_fifth(born)


def dialogue_due(born: date, on: date, *, recorded: bool) -> bool:
    """ETT-01: the case says «Ettervern: samtale må starte» from 17 years 6 months until the
    dialogue is recorded."""
    return in_aftercare_age(born, on) and not recorded


def decision_type(utfall: str, *, changes_running: bool) -> str:
    """ETT-02: ending or a declined offer ends the running measures (an end decision);
    continuing or changing them is a change of the running measures, or new measures when
    none runs."""
    if utfall in ENDING:
        return "avslutning"
    return "endring" if changes_running else "nytt"


# --- ETT-01: what counts as the dialogue ------------------------------------------------------


def note_problems(notat: Any) -> list[RuleBreach]:
    if notat.status != "signert":
        return [
            RuleBreach(
                "ETT-01",
                _(
                    "Sign the journal note first: the dialogue is recorded by a signed note "
                    "(ETT-01)."
                ),
                "notat",
            )
        ]
    return []


def meeting_problems(mote: Any) -> list[RuleBreach]:
    if mote.status not in ("avholdt", "signert"):
        return [
            RuleBreach(
                "ETT-01",
                _("Only a meeting that was held records the dialogue (ETT-01)."),
                "mote",
            )
        ]
    return []


# --- ETT-02: the decision at 18 ----------------------------------------------------------------


def _window(sak: Any, on: date) -> list[str]:
    born = sak.barn.fodselsdato
    if on < dialogue_from(born):
        return [
            _("The ettervern decision is prepared from %(date)s (17 years and 6 months).")
            % {"date": format_date(dialogue_from(born))}
        ]
    if on >= twenty_fifth(born):
        return [_("The youth has turned 25: no measure runs from then (ETT-03).")]
    return []


#: ETT-02: an ettervern decision is prepared from 17½ and made before the 25th birthday.
ETT_02_WINDOW = Rule(
    "ETT-02",
    gettext_lazy("The ettervern decision is made at 18."),
    _window,
)


def declined_problems(ettervern: Any | None) -> list[RuleBreach]:
    """ETT-02: a declined offer records the youth's reason."""
    declined = ettervern is not None and ettervern.utfall == DECLINED
    if declined and not ettervern.ungdommens_begrunnelse.strip():
        return [
            RuleBreach(
                "ETT-02",
                _(
                    "The youth declines the offer: record the youth's reason for declining "
                    "(ETT-02)."
                ),
                "ungdommens_begrunnelse",
            )
        ]
    return []


def at_18_problems(born: date, on: date) -> list[RuleBreach]:
    """ETT-02: what counts is the day of the decision, the day it is signed. A draft made at
    17 is signed on or after the 18th birthday, and then only the youth's own consent counts
    (SAM-01, checked by VED-07 on the same day)."""
    if on < eighteenth(born):
        return [
            RuleBreach(
                "ETT-02",
                _(
                    "An ettervern decision is made from the youth's 18th birthday, %(date)s; it "
                    "can be signed from that day (ETT-02)."
                )
                % {"date": format_date(eighteenth(born))},
            )
        ]
    return []
