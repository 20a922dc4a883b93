"""The rules of Bufetat's standard course at a senter for foreldre og barn (source 001), as
:class:`core.rules.Rule` objects: pure, reading only what the record has loaded.

- SENTER-01 (must): a referral to a centre needs at least one child of the family aged 0–6 on
  the day it is sent. *The family* is the case's child and the children of the siblings' cases
  (:attr:`cases.models.Sak.soskensaker`, the case's own record of its siblings). *Aged 0–6*:
  not yet 7 on that day – a child whose 7th birthday was the day before is 7, not 0–6.
- SENTER-02 (should): when no Bufetat investigation (utredning) of the family ended within the
  last 6 months, the referral warns that Bufetat may refuse it or ask the municipality to pay
  all of it (fullfinansiering); the caseworker goes on with a recorded reason. *Within the last
  6 months*: the referral is sent no later than the same day 6 calendar months after the
  investigation ended (:func:`cases.rules.add_months`, clamped to the month's end). Ended
  15 February: sent 14 August (5 months 30 days) is within, 15 August (6 months) too, and
  16 August (6 months 1 day) warns.
- SENTER-03 (should): the course's meetings. The centre calls for the henvisningsmøte within 2
  working days of its vurderingsmøte (:func:`core.calendar.add_working_days`, Norway's public
  holidays); the tilbakemeldingsmøte is held with the sluttrapport received (INN-01). Both are
  flags on the course, not blocks.
- SENTER-04 is a rule of the decision (:data:`vedtak.rules.SENTER_04`): the pålegg is there.
- SENTER-05: the course's measure is the service's own measure under a decision, evaluated as
  any other (EVAL-01 … EVAL-05); the centre's reports are incoming documents, which the
  evaluation's «since last» already lists (INN-02).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.rules import add_months, age_on
from core import calendar
from core.exceptions import RuleBreach
from core.rules import SHOULD, Rule, format_date

if TYPE_CHECKING:
    from henvisning.models import Henvisning

    from .models import Senterforlop

#: SENTER-01: the centre's course is for families with a child aged 0–6 (source 001).
MAKS_ALDER = 6
#: SENTER-02: «i etterkant av utredning … opptil 6 måneder etter avsluttet utredning».
UTREDNING_MANEDER = 6
#: SENTER-03: the centre calls within 2 working days of its vurderingsmøte.
KONTAKT_VIRKEDAGER = 2


# --- SENTER-01 ------------------------------------------------------------------------------


def aged_0_6(birth_date: date, on: date) -> bool:
    """Born by ``on`` and not yet 7 on ``on``."""
    return birth_date <= on and age_on(birth_date, on) <= MAKS_ALDER


def any_child_aged_0_6(birth_dates: Iterable[date], on: date) -> bool:
    return any(aged_0_6(d, on) for d in birth_dates)


def family_birth_dates(sak) -> list[date]:
    """The case's child and the children of the siblings' cases."""
    return [sak.barn.fodselsdato, *(s.barn.fodselsdato for s in sak.soskensaker.all())]


def _senter01(h: Henvisning, on: date) -> list:
    if h.mottaker_id is None or not h.mottaker.er_senter:
        return []
    if any_child_aged_0_6(family_birth_dates(h.sak), on):
        return []
    return [
        RuleBreach(
            "SENTER-01",
            _(
                "No child of the family is aged 0–6 on %(date)s, the day the referral is sent: "
                "the centre's course is for families with a child aged 0–6 (SENTER-01). The "
                "family is the case's child and the siblings' cases."
            )
            % {"date": format_date(on)},
        )
    ]


SENTER_01 = Rule(
    "SENTER-01",
    gettext_lazy(
        "A referral to a centre for parents and children needs a child of the family aged 0–6."
    ),
    _senter01,
)


# --- SENTER-02 ------------------------------------------------------------------------------


def investigation_recent(ended: date | None, on: date) -> bool:
    """A Bufetat investigation ended on ``ended`` is within the last 6 months on ``on``."""
    return ended is not None and ended <= on <= add_months(ended, UTREDNING_MANEDER)


def investigation_ended(h: Henvisning) -> date | None:
    """The date Bufetat's investigation of the family ended, as recorded on the course."""
    forlop = getattr(h, "senterforlop", None)
    return forlop.bufetat_utredning_avsluttet if forlop is not None else None


def _senter02(h: Henvisning, on: date) -> list:
    if h.mottaker_id is None or not h.mottaker.er_senter:
        return []
    ended = investigation_ended(h)
    if investigation_recent(ended, on):
        return []
    if ended is None:
        why = _("No Bufetat investigation of the family is recorded.")
    else:
        why = _(
            "Bufetat's investigation of the family ended on %(date)s, more than 6 months "
            "before the referral is sent."
        ) % {"date": format_date(ended)}
    return [
        RuleBreach(
            "SENTER-02",
            why
            + " "
            + _(
                "Bufetat may refuse the referral or ask the municipality to pay all of it "
                "(fullfinansiering). Give your reason for sending it (SENTER-02)."
            ),
            "override_reason",
        )
    ]


SENTER_02 = Rule(
    "SENTER-02",
    gettext_lazy(
        "A referral to a centre without a Bufetat investigation that ended within 6 months "
        "may be refused or fully paid by the municipality."
    ),
    _senter02,
    strength=SHOULD,
)


# --- SENTER-03 ------------------------------------------------------------------------------


def contact_deadline(vurderingsmote: date) -> date:
    """The last day the centre is expected to call for the henvisningsmøte."""
    return calendar.add_working_days(vurderingsmote, KONTAKT_VIRKEDAGER)


def contact_late(vurderingsmote: date | None, kontaktet: date | None, on: date) -> bool:
    """The centre called after the deadline, or has not called and the deadline is past."""
    if vurderingsmote is None:
        return False
    return (kontaktet if kontaktet is not None else on) > contact_deadline(vurderingsmote)


def report_missing_at(sluttrapport_mottatt: date | None, held_on: date) -> bool:
    """The tilbakemeldingsmøte held on ``held_on`` without the sluttrapport received by then."""
    return sluttrapport_mottatt is None or sluttrapport_mottatt > held_on


def _senter03(forlop: Senterforlop, on: date) -> list:
    found: list = []
    if contact_late(forlop.vurderingsmote, forlop.kontaktet, on):
        deadline = contact_deadline(forlop.vurderingsmote)
        if forlop.kontaktet:
            text = _(
                "The centre called on %(called)s; it was expected by %(date)s, 2 working days "
                "after its vurderingsmøte (SENTER-03)."
            ) % {"called": format_date(forlop.kontaktet), "date": format_date(deadline)}
        else:
            text = _(
                "The centre has not called for the henvisningsmøte; it was expected by "
                "%(date)s, 2 working days after its vurderingsmøte (SENTER-03)."
            ) % {"date": format_date(deadline)}
        found.append(RuleBreach("SENTER-03", text))
    rapport = forlop.sluttrapport
    received = rapport.mottatt if rapport is not None else None
    for mote in forlop.held_feedback_meetings():
        if report_missing_at(received, mote.dato):
            found.append(
                RuleBreach(
                    "SENTER-03",
                    _(
                        "The tilbakemeldingsmøte of %(date)s was held without the centre's "
                        "sluttrapport received (SENTER-03)."
                    )
                    % {"date": format_date(mote.dato)},
                )
            )
    return found


SENTER_03 = Rule(
    "SENTER-03",
    gettext_lazy(
        "The course follows its meetings; the sluttrapport is received before the "
        "tilbakemeldingsmøte."
    ),
    _senter03,
    strength=SHOULD,
)
